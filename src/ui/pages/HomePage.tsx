// The front page: what the lab is, the pages that work today, and the methods from the method
// registry (engine API), running or still to come.
import { Link } from 'wouter';
import { METHODS, type MethodEntry } from '../../engine/api.ts';
import { PAGES } from './registry.ts';

function MethodItem({ method }: { method: MethodEntry }) {
  const page = PAGES.find((p) => p.path === method.route);
  const paper = method.paper;
  return (
    <li>
      <strong>{method.title}</strong> — {method.what}
      {paper && (
        <>
          {' '}
          <span className="muted small">
            (
            <a href={`https://arxiv.org/abs/${paper.arxiv}`} target="_blank" rel="noreferrer">
              {paper.authors}, {paper.year}
            </a>
            )
          </span>
        </>
      )}
      {page && (
        <>
          {' '}
          · <Link href={page.path}>{page.title}</Link>
        </>
      )}{' '}
      · <Link href={`/notes/${method.id}`}>note</Link>
    </li>
  );
}

export function HomePage() {
  const papers = METHODS.filter((m) => m.kind === 'paper');
  const running = papers.filter((m) => m.status === 'running');
  const planned = papers.filter((m) => m.status === 'to come');
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
          Every method has a <Link href="/notes">note</Link>: what the paper claims, what the lab implements
          (or plans), and where it departs.
        </p>
        <h3 className="method-heading">Running here</h3>
        <ul className="method-list" data-testid="methods-running">
          {running.map((method) => (
            <MethodItem key={method.id} method={method} />
          ))}
        </ul>
        <h3 className="method-heading">Still to come</h3>
        <ul className="method-list" data-testid="methods-planned">
          {planned.map((method) => (
            <MethodItem key={method.id} method={method} />
          ))}
        </ul>
      </section>
    </main>
  );
}
