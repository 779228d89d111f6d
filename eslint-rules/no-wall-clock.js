/**
 * Rule `mlpilot/no-wall-clock`: outside the edges, time comes from an injected `Clock` (wall time) or
 * `MonotonicClock` (durations), both defined in src/core/clock.ts, never from the runtime's clocks directly
 * (docs/architecture.md, "Only the edges touch the world"). Flags `Date.now`, `new Date()` without arguments,
 * `Date()`, `performance.now`, `process.hrtime` / `process.uptime`, and importing `performance` from
 * `node:perf_hooks` (which would let an alias slip past). `new Date(ms)`, `Date.UTC`, `Date.parse` are pure.
 * Names shadowed by a local binding (a parameter called `performance`) are not the runtime's and are left alone.
 */

/** Globals whose clock-reading members are reported, with the message id for each member. */
const CLOCK_MEMBERS = {
  Date: { now: 'dateNow' },
  performance: { now: 'monotonic' },
  process: { hrtime: 'monotonic', uptime: 'monotonic' },
};

/** @type {import('eslint').Rule.RuleModule} */
export const noWallClock = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Forbid reading the wall clock or a monotonic timer outside the edges; inject a Clock or MonotonicClock.',
    },
    schema: [],
    messages: {
      dateNow:
        'Date.now() reads the wall clock; outside src/cli, src/server and src/index.ts take a Clock (src/core/clock.ts) and call clock.now().',
      newDate: 'new Date() without arguments reads the wall clock; take a Clock (src/core/clock.ts) and use new Date(clock.now()).',
      dateCall: 'Date() reads the wall clock; take a Clock (src/core/clock.ts) and format new Date(clock.now()).',
      monotonic: '{{name}} reads a timer; take a MonotonicClock (src/core/clock.ts, systemMonotonicClock at the composition root) instead.',
      perfHooks: 'Importing performance from {{source}} reads a timer; take a MonotonicClock (src/core/clock.ts) instead.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;

    /** Whether `name` at `node` is the runtime's global (not a local variable, parameter or import of that name). */
    function isGlobal(node, name) {
      for (let scope = sourceCode.getScope(node); scope !== null; scope = scope.upper) {
        const variable = scope.set.get(name);
        if (variable !== undefined) return variable.defs.length === 0;
      }
      return true;
    }

    /** `Date`, `globalThis.Date` (or `window.` / `self.`): the global object's name, else undefined. */
    function globalName(node) {
      if (node.type === 'Identifier') return isGlobal(node, node.name) ? node.name : undefined;
      if (
        node.type === 'MemberExpression' &&
        node.object.type === 'Identifier' &&
        ['globalThis', 'window', 'self'].includes(node.object.name) &&
        isGlobal(node.object, node.object.name)
      ) {
        return propertyName(node);
      }
      return undefined;
    }

    function propertyName(member) {
      if (!member.computed && member.property.type === 'Identifier') return member.property.name;
      if (member.computed && member.property.type === 'Literal' && typeof member.property.value === 'string') return member.property.value;
      return undefined;
    }

    return {
      MemberExpression(node) {
        const object = globalName(node.object);
        const members = object === undefined ? undefined : CLOCK_MEMBERS[object];
        const property = propertyName(node);
        const messageId = members === undefined || property === undefined ? undefined : members[property];
        if (messageId !== undefined) context.report({ node, messageId, data: { name: `${object}.${property}` } });
      },
      NewExpression(node) {
        if (node.arguments.length === 0 && globalName(node.callee) === 'Date') context.report({ node, messageId: 'newDate' });
      },
      CallExpression(node) {
        if (globalName(node.callee) === 'Date') context.report({ node, messageId: 'dateCall' });
      },
      ImportDeclaration(node) {
        const source = node.source.value;
        if (source !== 'node:perf_hooks' && source !== 'perf_hooks') return;
        for (const spec of node.specifiers) {
          const imported = spec.type === 'ImportSpecifier' ? spec.imported : undefined;
          const name = imported === undefined ? undefined : imported.type === 'Identifier' ? imported.name : imported.value;
          if (spec.type !== 'ImportSpecifier' || name === 'performance') {
            context.report({ node: spec, messageId: 'perfHooks', data: { source } });
          }
        }
      },
    };
  },
};
