// The front page: what the lab is, and the pages that work today.
import { Link } from 'wouter';
import { PAGES } from './registry.ts';

interface Method {
  name: string;
  what: string;
  /** The page that shows its miniature, once it runs on our model. */
  page?: string;
}

const METHODS: Method[] = [
  { name: 'OEL', what: 'online experiential learning from textual feedback' },
  { name: 'CraEG', what: 'crowding-aware sampling in embedding space', page: '/microscope' },
  { name: 'Multiplex Thinking', what: 'soft tokens that merge several branches', page: '/multiplex' },
  { name: 'AsyncThink', what: 'an organizer forking work to workers' },
  { name: 'RPT', what: 'next-token prediction as a reasoning task with RL' },
  { name: 'LHRM', what: 'hybrid models that choose whether to think' },
  { name: 'RRM', what: 'reward models that reason before they judge' },
  { name: 'ICon / RICo', what: 'selecting instruction data by in-context contribution' },
  { name: 'SelfBudgeter', what: 'models that estimate their own token budget' },
];

function MethodItem({ method }: { method: Method }) {
  const page = PAGES.find((p) => p.path === method.page);
  return (
    <li>
      <strong>{method.name}</strong> — {method.what}
      {page && (
        <>
          {' '}
          · <Link href={page.path}>{page.title}</Link>
        </>
      )}
    </li>
  );
}

export function HomePage() {
  const built = (method: Method) => PAGES.some((p) => p.path === method.page);
  const running = METHODS.filter(built);
  const planned = METHODS.filter((method) => !built(method));
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
        <h3 className="method-heading">Running here</h3>
        <ul className="method-list" data-testid="methods-running">
          {running.map((method) => (
            <MethodItem key={method.name} method={method} />
          ))}
        </ul>
        <h3 className="method-heading">Still to come</h3>
        <ul className="method-list" data-testid="methods-planned">
          {planned.map((method) => (
            <MethodItem key={method.name} method={method} />
          ))}
        </ul>
      </section>
    </main>
  );
}
