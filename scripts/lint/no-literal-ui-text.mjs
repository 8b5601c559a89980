// ESLint rule (issue 31): no hard-coded user-visible text in labeler components. Text a labeler reads
// comes from the message catalogue (messages/<locale>.json through next-intl), so JSX text with a
// letter in it, a string literal rendered as a child, and a literal in an attribute a person reads
// (aria-label, title, placeholder, alt, label) are reported. Symbols and punctuation ("·", "—", "→",
// "A"–"I" computed from code) are not text. eslint.config.mjs says which files the rule covers.

const LETTER = /\p{L}/u;
const VISIBLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
]);

/** @type {import('eslint').Rule.RuleModule} */
export const noLiteralUiTextRule = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      text: 'User-visible text "{{text}}" is hard-coded: put it in messages/en.json and render it with next-intl (issue 31).',
    },
  },
  create(context) {
    const report = (node, text) => {
      const shown = text.trim().replace(/\s+/g, ' ');
      context.report({ node, messageId: 'text', data: { text: shown.length > 40 ? `${shown.slice(0, 40)}…` : shown } });
    };
    /** Whether a literal is shown: a JSX child or a read attribute's value, also through `a ? 'x' : 'y'` and `a && 'x'`. */
    const isShown = (node) => {
      let n = node;
      while (
        (n.parent?.type === 'ConditionalExpression' && n.parent.test !== n) ||
        (n.parent?.type === 'LogicalExpression' && n.parent.right === n)
      )
        n = n.parent;
      const parent = n.parent;
      if (parent?.type === 'JSXAttribute') return VISIBLE_ATTRIBUTES.has(parent.name.name);
      if (parent?.type !== 'JSXExpressionContainer') return false;
      const owner = parent.parent;
      if (owner?.type === 'JSXElement' || owner?.type === 'JSXFragment') return true;
      return owner?.type === 'JSXAttribute' && VISIBLE_ATTRIBUTES.has(owner.name.name);
    };
    return {
      JSXText(node) {
        if (LETTER.test(node.value)) report(node, node.value);
      },
      Literal(node) {
        if (typeof node.value === 'string' && LETTER.test(node.value) && isShown(node)) report(node, node.value);
      },
      TemplateLiteral(node) {
        const text = node.quasis.map((q) => q.value.cooked ?? '').join('…');
        if (LETTER.test(text) && isShown(node)) report(node, text);
      },
    };
  },
};
