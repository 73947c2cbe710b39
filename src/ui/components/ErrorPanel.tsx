// A typed error as the user sees it: what happened, and what to do about it.
import type { ReactNode } from 'react';
import type { ShownError } from '../store/engineStore.ts';

export function ErrorPanel({
  title,
  error,
  children,
}: {
  title: string;
  error: ShownError;
  children?: ReactNode;
}) {
  return (
    <section className="panel panel-error" role="alert" data-error-name={error.name}>
      <h2>{title}</h2>
      <p className="error-message">{error.message}</p>
      {error.hint && <p className="error-hint">{error.hint}</p>}
      {children}
    </section>
  );
}

export function Notices({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="notice" role="status">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
