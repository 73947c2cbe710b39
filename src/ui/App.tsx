// The app shell: header, routes, and the GPU start-up that every page shares.
import { Suspense, useEffect } from 'react';
import { Link, Route, Switch } from 'wouter';
import { Header } from './components/Header.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { PAGES } from './pages/registry.ts';
import { useEngineStore } from './store/engineStore.ts';

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

export function App() {
  const start = useEngineStore((s) => s.start);
  useEffect(() => {
    void start();
  }, [start]);
  return (
    <>
      <Header />
      <Suspense fallback={<p className="page muted">Loading page…</p>}>
        <Switch>
          <Route path="/" component={HomePage} />
          {PAGES.map((page) => (
            <Route key={page.path} path={page.path} component={page.component} />
          ))}
          <Route component={NotFound} />
        </Switch>
      </Suspense>
    </>
  );
}
