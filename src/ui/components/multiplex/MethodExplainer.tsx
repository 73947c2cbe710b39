// What Multiplex Thinking does, in a few sentences for a student: K draws per thinking step, the
// merge weights (reweighted and averaged), the </think> stop rule, K = 1 as ordinary decoding,
// and why the merged input adapts to the model's confidence (the page's header cites the paper).
export function MethodExplainer() {
  return (
    <section className="panel method-explainer" aria-label="the method">
      <h2>The method</h2>
      <ol>
        <li>
          <strong>Branch.</strong> At each <em>thinking</em> step the model draws K tokens k₁…k_K
          independently (with replacement) from its next-token distribution q.
        </li>
        <li>
          <strong>Merge.</strong> The K draws become <em>one</em> continuous input: the weighted sum of their
          embeddings, Σⱼ wⱼ·E[kⱼ]. <em>Reweighted</em> (the official code's default):{' '}
          <code>wⱼ = q(kⱼ) / Σⱼ′ q(kⱼ′)</code>, a token drawn twice counts twice. <em>Averaged</em>:{' '}
          <code>wⱼ = 1/K</code>. The sequence does not get longer.
        </li>
        <li>
          <strong>Stop.</strong> Thinking ends at the step whose first draw is <code>&lt;/think&gt;</code>.
          From there the answer is decoded discretely, one token at a time.
        </li>
      </ol>
      <p>
        K = 1 is ordinary decoding. The merge adapts by itself: when the model is sure, all K draws agree and
        the input is an ordinary token embedding; when it is unsure, the input mixes the candidates and
        carries them forward together.
      </p>
      <p className="small muted">
        Here in miniature: the loaded model multiplies two 2-digit numbers with a digit-by-digit chain of
        thought.
      </p>
    </section>
  );
}
