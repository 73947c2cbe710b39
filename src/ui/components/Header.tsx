// The app bar: the lab's name, the pages that work, the model and where it computes. Its height
// (one row of links or two, by the window's width) is published as the CSS variable
// --header-height, below which sticky panels and scrolled-to notices sit.
import { useLayoutEffect, useRef } from 'react';
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

function usePublishedHeight() {
  const ref = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    const header = ref.current;
    if (!header) return;
    const publish = () =>
      document.documentElement.style.setProperty('--header-height', `${header.offsetHeight}px`);
    publish();
    const observer = new ResizeObserver(publish);
    observer.observe(header);
    return () => observer.disconnect();
  }, []);
  return ref;
}

export function Header() {
  const ref = usePublishedHeight();
  return (
    <header className="app-header" ref={ref}>
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
