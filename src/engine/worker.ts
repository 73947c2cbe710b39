// The engine's dedicated module worker: all GPU work happens here, off the UI thread.
import { expose } from 'comlink';
import './errorTransfer.ts';
import { Engine } from './engine.ts';

expose(new Engine());
