// The shipped default model's name, from the catalog the lab serves (public/models/index.json):
// the model every method's benchmark starts from.
export async function defaultModelName(): Promise<string> {
  const catalog = (await (await fetch('/models/index.json')).json()) as { default: string };
  return catalog.default;
}
