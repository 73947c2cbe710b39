// The app shell: header, routes, the GPU start-up that every page shares, the drop target
// that opens a run bundle on its page, and the notice of a save the full storage refused.
import { Suspense, useEffect, useRef } from 'react';
import { Link, Route, Switch } from 'wouter';
import { BundleDrop } from './components/bundle/BundleDrop.tsx';
import { ErrorPanel } from './components/ErrorPanel.tsx';
import { Header } from './components/Header.tsx';
import { StorageNotice } from './components/storage/StorageNotice.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotesPage } from './pages/NotesPage.tsx';
import { PAGES } from './pages/registry.ts';
import { useEngineStore } from './store/engineStore.ts';
import { requestedModel, useModelStore } from './store/modelStore.ts';

function NotFound() {
  return (
    <main className="page">
      <h1>No such page</h1>
      <p>
        This address is not a page of the lab. <Link href="/">Go to the start page</Link>.
      </p>
    </main>
  );
}

/** Why the model asked for is not the one loaded (or why none is), above every page. */
function ModelNotice() {
  const error = useModelStore((s) => s.error);
  const notice = useRef<HTMLDivElement>(null);
  // A load started far down a page (the Models page's random init) must not fail out of sight.
  useEffect(() => {
    if (error) notice.current?.scrollIntoView({ block: 'start' });
  }, [error]);
  if (!error) return null;
  return (
    <div className="page model-notice" ref={notice}>
      <ErrorPanel title="The model could not be loaded" error={error} />
    </div>
  );
}

export function App() {
  const start = useEngineStore((s) => s.start);
  const enginePhase = useEngineStore((s) => s.phase);
  const loadModel = useModelStore((s) => s.load);
  useEffect(() => {
    void start();
  }, [start]);
  // Load the model once the GPU is ready (again on a new device after a restart), or onto the
  // CPU reference when there is no WebGPU.
  useEffect(() => {
    if (enginePhase === 'ready' || enginePhase === 'unavailable') void loadModel(requestedModel());
  }, [enginePhase, loadModel]);
  return (
    <>
      <Header />
      <ModelNotice />
      <StorageNotice />
      <BundleDrop />
      <Suspense fallback={<p className="page muted">Loading page…</p>}>
        <Switch>
          <Route path="/" component={HomePage} />
          <Route path="/notes/:id?" component={NotesPage} />
          {PAGES.map((page) => (
            <Route key={page.path} path={page.path} component={page.component} />
          ))}
          <Route component={NotFound} />
        </Switch>
      </Suspense>
    </>
  );
}
