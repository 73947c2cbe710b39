// Opens a run bundle a visitor dropped on the lab or chose: read and checked (runBundle.ts), shown
// on its kind's store read-only, and the page that shows that kind's runs named for navigation.
// A file that fails a check changes nothing that was there.
import { type JobKind, METHODS } from '../../engine/api.ts';
import { viewBundle } from '../store/runStores.ts';
import { BundleError } from './bundleError.ts';
import { readBundle } from './runBundle.ts';

/** The page of a kind's runs: its method's route in the registry (job kinds are method ids). */
function routeOf(kind: JobKind): string {
  const route = METHODS.find((m) => m.id === kind)?.route;
  if (!route) {
    throw new BundleError(
      'unknown-kind',
      `No page of this lab shows ${kind} runs yet.`,
      'Open the bundle in a lab whose pages show this kind of run.',
      'run.json',
    );
  }
  return route;
}

/** @returns the route to go to. @throws BundleError naming what is wrong with the file */
export async function openBundle(file: File): Promise<string> {
  const bundle = readBundle(new Uint8Array(await file.arrayBuffer()), file.name);
  const route = routeOf(bundle.run.kind);
  await viewBundle(bundle);
  return route;
}
