// The front page: what the lab is, and the pages that work today.
import { Link } from 'wouter';
import { PAGES } from './registry.ts';

const METHODS = [
  ['OEL', 'online experiential learning from textual feedback'],
  ['CraEG', 'crowding-aware sampling in embedding space'],
  ['Multiplex Thinking', 'soft tokens that merge several branches'],
  ['AsyncThink', 'an organizer forking work to workers'],
  ['RPT', 'next-token prediction as a reasoning task with RL'],
  ['LHRM', 'hybrid models that choose whether to think'],
  ['RRM', 'reward models that reason before they judge'],
  ['ICon / RICo', 'selecting instruction data by in-context contribution'],
  ['SelfBudgeter', 'models that estimate their own token budget'],
] as const;

export function HomePage() {
  return (
    <main className="page home">
      <section className="hero">
        <h1>Reasoning Lab</h1>
        <p className="lead">
          A small Llama-style transformer running in your browser on hand-written WebGPU kernels, used to show
          and measure how recent methods for reasoning language models work — in miniature, with every number
          coming from a run of the model in front of you.
        </p>
      </section>
      <section>
        <h2>Pages</h2>
        <div className="cards">
          {PAGES.map((page) => (
            <Link key={page.path} href={page.path} className="card">
              <h3>{page.title}</h3>
              <p>{page.summary}</p>
            </Link>
          ))}
        </div>
      </section>
      <section>
        <h2>The methods the lab is built to study</h2>
        <p className="muted">
          Each gets a page and a benchmark once its miniature runs on our model; until then it is not linked.
        </p>
        <ul className="method-list">
          {METHODS.map(([name, what]) => (
            <li key={name}>
              <strong>{name}</strong> — {what}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
