// Task browser: pick a world, difficulty, format and seed; see the seeded problems exactly as the
// model will (prompt and target, special tokens as chips), their hidden fields, and what the
// world's verifier says about any answer you type. Works without WebGPU (no model involved).
import { useEffect, useMemo, useState } from 'react';
import type { Problem, TaskWorldInfo, Verdict } from '../../engine/api.ts';
import { connectEngine } from '../../engine/client.ts';
import { fieldMaker } from '../components/fields/fieldMaker.tsx';
import { LabLayout } from '../components/page/LabLayout.tsx';
import { PageShell } from '../components/page/PageShell.tsx';
import { TokenText } from '../components/TokenText.tsx';
import { type ShownError, toShownError } from '../store/engineStore.ts';
import { intParam, textParam, useUrlParams } from '../url.ts';
import { chooseTask } from './taskChoice.ts';

const PARAMS = {
  world: textParam('arithmetic', 64),
  difficulty: intParam(0, 0, 99),
  format: textParam('', 64),
  seed: intParam(1, 0, 2 ** 31 - 1),
  count: intParam(3, 1, 8),
};

/** Fields every problem has; the rest are the world's own (hidden from the model). */
const VISIBLE_FIELDS = new Set(['worldId', 'difficulty', 'prompt', 'target', 'answer']);

function VerifierBox({ worldId, problem }: { worldId: string; problem: Problem }) {
  const [output, setOutput] = useState(problem.target);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  useEffect(() => setOutput(problem.target), [problem]);
  useEffect(() => {
    let live = true;
    connectEngine()
      .verifyTask(worldId, problem, output)
      .then((v) => live && setVerdict(v))
      .catch(
        (error: unknown) =>
          live && setVerdict({ reward: 0, reason: toShownError(error).message, extracted: null }),
      );
    return () => {
      live = false;
    };
  }, [worldId, problem, output]);
  return (
    <div className="verifier">
      <label className="small muted" htmlFor={`answer-${problem.prompt}`}>
        Type a model output to verify (special tokens as text, e.g. &lt;answer&gt;):
      </label>
      <textarea
        id={`answer-${problem.prompt}`}
        value={output}
        onChange={(e) => setOutput(e.target.value)}
        rows={3}
      />
      {verdict && (
        <p className={verdict.reward > 0 ? 'ok' : 'bad'} data-testid="verdict">
          reward {verdict.reward} — {verdict.reason}
          {verdict.extracted !== null && <span className="muted"> (extracted “{verdict.extracted}”)</span>}
        </p>
      )}
    </div>
  );
}

function ProblemCard({ worldId, problem, index }: { worldId: string; problem: Problem; index: number }) {
  const hidden = Object.fromEntries(Object.entries(problem).filter(([key]) => !VISIBLE_FIELDS.has(key)));
  return (
    <article className="panel problem" data-testid="problem">
      <h3>
        Example {index + 1} <span className="muted small">answer: {problem.answer}</span>
      </h3>
      <div className="small muted">prompt ({[...problem.prompt].length} characters)</div>
      <TokenText text={problem.prompt} />
      <div className="small muted">target completion</div>
      <TokenText text={problem.target} />
      {Object.keys(hidden).length > 0 && (
        <details>
          <summary className="small muted">World data, hidden from the model (for analysis)</summary>
          <pre className="hidden-data">{JSON.stringify(hidden, null, 2)}</pre>
        </details>
      )}
      <VerifierBox worldId={worldId} problem={problem} />
    </article>
  );
}

export function TasksPage() {
  const { values, problems: urlProblems, set } = useUrlParams(PARAMS);
  const [worlds, setWorlds] = useState<TaskWorldInfo[]>([]);
  const [samples, setSamples] = useState<{ seed: number; problem: Problem }[]>([]);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    connectEngine()
      .listTaskWorlds()
      .then(setWorlds, (e: unknown) => setError(toShownError(e)));
  }, []);

  const choice = useMemo(() => chooseTask(worlds, values), [worlds, values]);
  const active = choice?.world;
  const difficulty = choice?.difficulty;
  const format = choice?.format;
  const notices = useMemo(() => [...urlProblems, ...(choice?.notices ?? [])], [urlProblems, choice]);

  useEffect(() => {
    if (!active || difficulty === undefined) return;
    connectEngine()
      .sampleTasks({ worldId: active.id, difficulty, seed: values.seed, count: values.count, format })
      .then(
        (list) => {
          setSamples(list.map((problem, i) => ({ seed: values.seed + i, problem })));
          setError(null);
        },
        (e: unknown) => setError(toShownError(e)),
      );
  }, [active, difficulty, format, values.seed, values.count]);

  const { number } = fieldMaker({ specs: PARAMS, values, set, disabled: false });
  return (
    <PageShell
      title="Task worlds"
      lead="The seeded problems every method trains and tests on, exactly as the model sees them, with each world's verifier to try any answer against."
      problems={notices}
      error={error && { title: 'Could not generate examples', error }}
    >
      {active && (
        <LabLayout
          controls={
            <aside className="panel controls" aria-label="task settings">
              <label>
                world
                <select
                  value={active.id}
                  onChange={(e) => set({ world: e.target.value, difficulty: 0, format: '' })}
                >
                  {worlds.map((w) => (
                    <option key={w.id} value={w.id}>
                      {w.title}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                difficulty
                <select value={difficulty} onChange={(e) => set({ difficulty: Number(e.target.value) })}>
                  {active.difficulties.map((d) => (
                    <option key={d.level} value={d.level}>
                      {d.level}: {d.label}
                    </option>
                  ))}
                </select>
              </label>
              {active.formats.length > 0 && (
                <label>
                  format
                  <select value={format} onChange={(e) => set({ format: e.target.value })}>
                    {active.formats.map((f) => (
                      <option key={f} value={f}>
                        {f}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {number('seed', 'seed')}
              {number('count', 'examples (1–8)')}
              <p className="small muted">{active.description}</p>
              <p className="small muted">Used by: {active.usedBy.join(', ')}</p>
            </aside>
          }
          mechanism={samples.map(({ seed, problem }, i) => (
            <ProblemCard key={seed} worldId={active.id} problem={problem} index={i} />
          ))}
        />
      )}
    </PageShell>
  );
}
