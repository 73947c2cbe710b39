// The one list of the lab's methods: each paper's id, title, citation, page route, benchmark
// scenarios, the task worlds it uses and whether it runs yet. The home page, the bench registry
// and the task browser's "used by" all read this list; a new method adds one entry here, its
// folder src/methods/<id>/ and its page. Pure data: importing it pulls in no GPU code.

export type MethodStatus = 'running' | 'to come';

/** 'paper': one of the nine methods the lab studies; 'core': the shared trainer they build on. */
export type MethodKind = 'paper' | 'core';

export interface Paper {
  title: string;
  /** As the paper lists them, shortened to "First Author et al." past three names. */
  authors: string;
  year: number;
  arxiv: string;
}

export interface MethodEntry {
  id: string;
  /** The name the lab uses for it. */
  title: string;
  /** What it does, in one line. */
  what: string;
  kind: MethodKind;
  /** The paper it reconstructs; null for the lab's own trainer. */
  paper: Paper | null;
  /** The page that shows its miniature; null until it runs. */
  route: string | null;
  /** Ids of its benchmark scenarios (in src/methods/scenarios.ts). */
  scenarios: readonly string[];
  /** Ids of the task worlds it trains and tests on (src/tasks/index.ts). */
  worlds: readonly string[];
  status: MethodStatus;
  /**
   * Where a detail the page shows is the lab's reconstruction rather than the paper's, in one
   * sentence (the method's note says more); absent when the page shows only published details.
   */
  reconstructed?: string;
}

export const METHODS: readonly MethodEntry[] = [
  {
    id: 'grpo',
    title: 'GRPO',
    what: 'group-relative policy optimisation, the RL core every method below trains with',
    kind: 'core',
    paper: {
      title: 'DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models',
      authors: 'Zhihong Shao et al.',
      year: 2024,
      arxiv: '2402.03300',
    },
    route: '/rl',
    scenarios: ['grpo', 'retention'],
    worlds: ['arithmetic'],
    status: 'running',
  },
  {
    id: 'sft',
    title: 'SFT',
    what: 'supervised fine-tuning on the base arithmetic mixture, how lab-base was trained',
    kind: 'core',
    paper: null,
    route: '/trainer',
    scenarios: [],
    worlds: ['arithmetic'],
    status: 'running',
  },
  {
    id: 'oel',
    title: 'OEL',
    what: 'online experiential learning from textual feedback',
    kind: 'paper',
    paper: {
      title: 'Online Experiential Learning for Language Models',
      authors: 'Tianzhu Ye et al.',
      year: 2026,
      arxiv: '2603.16856',
    },
    route: null,
    scenarios: [],
    worlds: ['text-game'],
    status: 'to come',
  },
  {
    id: 'craeg',
    title: 'CraEG',
    what: 'crowding-aware sampling in embedding space',
    kind: 'paper',
    paper: {
      title: 'Decoding in Geometry: Alleviating Embedding-Space Crowding for Complex Reasoning',
      authors: 'Yixin Yang, Qingxiu Dong, Zhifang Sui',
      year: 2026,
      arxiv: '2601.22536',
    },
    route: '/microscope',
    scenarios: ['craeg'],
    worlds: ['arithmetic'],
    status: 'running',
    reconstructed:
      "The paper's crowding score, correction factor and strength λ are not public: the page uses the " +
      "lab's definitions (token crowding c_v, step crowding C_t, a closed-form λ removing κ·C_t of the " +
      'crowded mass).',
  },
  {
    id: 'multiplex',
    title: 'Multiplex Thinking',
    what: 'soft tokens that merge several branches',
    kind: 'paper',
    paper: {
      title: 'Multiplex Thinking: Reasoning via Token-wise Branch-and-Merge',
      authors: 'Yao Tang et al.',
      year: 2026,
      arxiv: '2601.08808',
    },
    route: '/multiplex',
    scenarios: ['multiplex'],
    worlds: ['arithmetic'],
    status: 'running',
    reconstructed:
      "The reweighted merge follows the authors' code rather than the paper's printed formula, and a " +
      'multiplex step stops on its slot-0 draw, as the code does.',
  },
  {
    id: 'asyncthink',
    title: 'AsyncThink',
    what: 'an organizer forking work to workers',
    kind: 'paper',
    paper: {
      title: 'The Era of Agentic Organization: Learning to Organize with Language Models',
      authors: 'Zewen Chi et al.',
      year: 2025,
      arxiv: '2510.26658',
    },
    route: null,
    scenarios: [],
    worlds: ['multi-sum'],
    status: 'to come',
  },
  {
    id: 'rpt',
    title: 'RPT',
    what: 'next-token prediction as a reasoning task with RL',
    kind: 'paper',
    paper: {
      title: 'Reinforcement Pre-Training',
      authors: 'Qingxiu Dong et al.',
      year: 2025,
      arxiv: '2506.08007',
    },
    route: null,
    scenarios: [],
    worlds: ['corpus'],
    status: 'to come',
  },
  {
    id: 'lhrm',
    title: 'LHRM',
    what: 'hybrid models that choose whether to think',
    kind: 'paper',
    paper: {
      title: 'Think Only When You Need with Large Hybrid-Reasoning Models',
      authors: 'Lingjie Jiang et al.',
      year: 2025,
      arxiv: '2505.14631',
    },
    route: null,
    scenarios: [],
    worlds: ['arithmetic', 'instruction-pool'],
    status: 'to come',
  },
  {
    id: 'rrm',
    title: 'RRM',
    what: 'reward models that reason before they judge',
    kind: 'paper',
    paper: { title: 'Reward Reasoning Model', authors: 'Jiaxin Guo et al.', year: 2025, arxiv: '2505.14674' },
    route: null,
    scenarios: [],
    worlds: ['judge', 'arithmetic'],
    status: 'to come',
  },
  {
    id: 'icon',
    title: 'ICon / RICo',
    what: 'selecting instruction data by in-context contribution',
    kind: 'paper',
    paper: {
      title: 'ICon: In-Context Contribution for Automatic Data Selection',
      authors: 'Yixin Yang et al.',
      year: 2025,
      arxiv: '2505.05327',
    },
    route: null,
    scenarios: [],
    worlds: ['instruction-pool'],
    status: 'to come',
  },
  {
    id: 'selfbudgeter',
    title: 'SelfBudgeter',
    what: 'models that estimate their own token budget',
    kind: 'paper',
    paper: {
      title: 'SelfBudgeter: Adaptive Token Allocation for Efficient LLM Reasoning',
      authors: 'Zheng Li et al.',
      year: 2025,
      arxiv: '2505.11274',
    },
    route: null,
    scenarios: [],
    worlds: ['arithmetic'],
    status: 'to come',
  },
];

/** @throws RangeError naming the known ids */
export function methodById(id: string): MethodEntry {
  const method = METHODS.find((m) => m.id === id);
  if (!method) throw new RangeError(`unknown method '${id}'; known: ${METHODS.map((m) => m.id).join(', ')}`);
  return method;
}

/** The titles of the methods that use a task world, in registry order. */
export function methodsUsingWorld(worldId: string): string[] {
  return METHODS.filter((m) => m.worlds.includes(worldId)).map((m) => m.title);
}
