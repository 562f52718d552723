/**
 * The UI benchmark's in-page probe, added to the web edition's page before its own scripts
 * run (a classic script, `globalThis.uiProbe`). Every figure is taken in the page with
 * performance.now(): from the user's action (a click, a key, a drop) dispatched as the
 * browser would, to the moment the DOM shows its result (seen by a MutationObserver, right
 * after React's commit), and to the next animation frame after that.
 *
 * The bench's TypeScript project has no DOM library, so the little of the DOM used here is
 * declared below.
 */

interface ProbeElement {
  readonly textContent: string | null;
  readonly dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): ProbeElement | null;
  querySelectorAll(selector: string): ArrayLike<ProbeElement>;
  closest(selector: string): ProbeElement | null;
  dispatchEvent(event: object): boolean;
  click(): void;
  focus(): void;
}

interface ProbeGlobals {
  document: ProbeElement & { readonly documentElement: ProbeElement };
  location: { hash: string };
  requestAnimationFrame(callback: (time: number) => void): number;
  MutationObserver: new (callback: () => void) => {
    observe(target: ProbeElement, options: object): void;
    disconnect(): void;
  };
  Event: new (type: string, init?: object) => object;
  KeyboardEvent: new (type: string, init?: object) => object;
  DragEvent: new (type: string, init?: object) => object;
  DataTransfer: new () => object;
  HTMLInputElement: { prototype: object };
  uiProbe?: UiProbe;
}

export interface Timing {
  /** From the action to the DOM showing its result. */
  domMs: number;
  /** From the action to the first animation frame after that. */
  frameMs: number;
}

export interface ColdStart {
  /** Since navigation start: the board's columns show cards and nothing is loading. */
  boardAt: number | null;
  cards: number;
}

export interface UiProbe {
  coldStart(): ColdStart;
  /** The board's columns show their cards and counts, nothing loading (as for the cold start). */
  boardShown(): boolean;
  showView(hash: string, readySelector: string): Promise<number>;
  /**
   * Since the last showView began, until the frame in which the issue table no longer says
   * it is reading issues (all of them are in).
   */
  tableRead(): Promise<number>;
  count(): string;
  firstRowId(): string | undefined;
  sortBy(column: string): Promise<Timing>;
  filterTitle(text: string): Promise<Timing>;
  search(text: string): Promise<Timing>;
  query(text: string): Promise<Timing>;
  dropFirstCard(from: string, to: string): Promise<Timing & { issueId: string }>;
  /** The moved card shows in its new column only, confirmed by the core (no longer busy). */
  settled(issueId: string, status: string): boolean;
}

const page = globalThis as unknown as ProbeGlobals;

function nextFrame(): Promise<number> {
  return new Promise((resolve) => page.requestAnimationFrame(() => resolve(performance.now())));
}

function must(selector: string, scope: ProbeElement = page.document): ProbeElement {
  const element = scope.querySelector(selector);
  if (!element) throw new Error(`The page has no ${selector}.`);
  return element;
}

/**
 * Runs `act` and resolves once `done()` holds after a DOM change, with the time of that
 * change and of the next frame, both counted from just before `act`.
 */
function measure(act: () => void, done: () => boolean, timeoutMs = 10_000): Promise<Timing> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const observer = new page.MutationObserver(() => {
      if (finished || !done()) return;
      finished = true;
      const domAt = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      void nextFrame().then((frameAt) =>
        resolve({ domMs: domAt - started, frameMs: frameAt - started }),
      );
    });
    observer.observe(page.document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`No result within ${timeoutMs} ms`));
    }, timeoutMs);
    const started = performance.now();
    act();
  });
}

function setInputValue(input: ProbeElement, value: string): void {
  // React tracks the value it set; the native setter makes the change visible to it.
  const setter = Object.getOwnPropertyDescriptor(page.HTMLInputElement.prototype, 'value')?.set;
  if (!setter) throw new Error('No value setter on inputs.');
  setter.call(input, value);
  input.dispatchEvent(new page.Event('input', { bubbles: true }));
}

/** The issue table's count ("1,234 of 50,000 issues"). */
function countText(): string {
  return page.document.querySelector('[data-issue-count]')?.textContent ?? '';
}

let boardAt: number | null = null;
let viewStarted = 0;
let boardCards = 0;

/** How many cards the board shows once it is shown and settled; 0 until then. */
function shownCards(): number {
  const board = page.document.querySelector('[role="region"][aria-label$="workflow board"]');
  const cards = board ? board.querySelectorAll('article[data-issue-id]').length : 0;
  const loading =
    !board ||
    board.querySelector('[aria-busy="true"]') !== null ||
    board.querySelector('[aria-label="Counting issues"]') !== null;
  return board && !loading ? cards : 0;
}

/** Watches each frame from the first script on until the board is shown and settled. */
function watchColdStart(): void {
  const check = () => {
    const cards = shownCards();
    if (cards > 0) {
      boardAt = performance.now();
      boardCards = cards;
      return;
    }
    page.requestAnimationFrame(check);
  };
  page.requestAnimationFrame(check);
}

const probe: UiProbe = {
  coldStart: () => ({ boardAt, cards: boardCards }),

  boardShown: () => shownCards() > 0,

  async showView(hash, readySelector) {
    const started = performance.now();
    viewStarted = started;
    page.location.hash = hash;
    for (;;) {
      await nextFrame();
      if (page.document.querySelector(readySelector)) return performance.now() - started;
      if (performance.now() - started > 30_000) throw new Error(`${readySelector} never showed`);
    }
  },

  async tableRead() {
    for (;;) {
      if (
        page.document.querySelector('[role="grid"] [data-issue-id]') &&
        !page.document.querySelector('[data-issues-reading]')
      ) {
        return performance.now() - viewStarted;
      }
      if (performance.now() - viewStarted > 120_000) throw new Error('The issues were never read');
      await nextFrame();
    }
  },

  count: countText,

  firstRowId: () => page.document.querySelector('[role="grid"] [data-issue-id]')?.dataset.issueId,

  sortBy(column) {
    const header = [...toArray(page.document.querySelectorAll('[role="columnheader"]'))].find(
      (element) => element.textContent?.startsWith(column),
    );
    if (!header) throw new Error(`No column ${column}`);
    const before = `${header.getAttribute('aria-sort')}|${probe.firstRowId()}`;
    const button = must('[role="button"], button, span[tabindex]', header);
    return measure(
      () => button.click(),
      () => `${header.getAttribute('aria-sort')}|${probe.firstRowId()}` !== before,
    );
  },

  filterTitle(text) {
    const input = must('input[aria-label="Filter by Title"]');
    const before = countText();
    return measure(
      () => setInputValue(input, text),
      () => countText() !== before,
    );
  },

  search(text) {
    const input = must('input[aria-label="Search issues"]');
    const before = countText();
    return measure(
      () => setInputValue(input, text),
      () => countText() !== before,
    );
  },

  query(text) {
    const input = must('input[aria-label="Issue query"]');
    setInputValue(input, text);
    const before = countText();
    return measure(
      () =>
        input.dispatchEvent(
          new page.KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }),
        ),
      () => countText() !== before,
    );
  },

  async dropFirstCard(from, to) {
    const source = must(`section[data-status="${from}"]`);
    const target = must(`section[data-status="${to}"]`);
    const card = must('article[data-issue-id]', source);
    const issueId = card.dataset.issueId!;
    const dataTransfer = new page.DataTransfer();
    const drag = (type: string, element: ProbeElement) =>
      element.dispatchEvent(
        new page.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer }),
      );
    drag('dragstart', card);
    await nextFrame();
    drag('dragenter', target);
    drag('dragover', target);
    await nextFrame();
    const timing = await measure(
      () => drag('drop', target),
      () => target.querySelector(`article[data-issue-id="${issueId}"]`) !== null,
    );
    drag('dragend', card);
    return { ...timing, issueId };
  },

  settled(issueId, status) {
    // Until the column it left has caught up, the card shows in both columns; a drop made
    // then could pick the stale copy and measure a move the core refuses.
    const cards = toArray(page.document.querySelectorAll(`article[data-issue-id="${issueId}"]`));
    const card = cards[0];
    return (
      cards.length === 1 &&
      card !== undefined &&
      card.closest(`section[data-status="${status}"]`) !== null &&
      card.getAttribute('aria-busy') !== 'true'
    );
  },
};

function toArray(list: ArrayLike<ProbeElement>): ProbeElement[] {
  return Array.from(list);
}

page.uiProbe = probe;
watchColdStart();
