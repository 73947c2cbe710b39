// The app bar: the lab's name, the pages that work, the model and where it computes.
import { Link, useRoute } from 'wouter';
import { PAGES } from '../pages/registry.ts';
import { AdapterBadge } from './AdapterBadge.tsx';
import { ModelBadge } from './ModelBadge.tsx';

function NavLink({ href, title }: { href: string; title: string }) {
  const [active] = useRoute(href);
  return (
    <Link href={href} className={active ? 'nav-link active' : 'nav-link'}>
      {title}
    </Link>
  );
}

export function Header() {
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        <img src="/favicon.svg" alt="" width={22} height={22} />
        Reasoning Lab
      </Link>
      <nav>
        {PAGES.map((page) => (
          <NavLink key={page.path} href={page.path} title={page.title} />
        ))}
      </nav>
      <div className="header-badges">
        <ModelBadge />
        <AdapterBadge />
      </div>
    </header>
  );
}
