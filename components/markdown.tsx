import clsx from 'clsx';
import type { ComponentProps, ReactNode } from 'react';
import ReactMarkdown, { type Components, type ExtraProps, type UrlTransform } from 'react-markdown';

/*
 * Text written by organizers is shown to every visitor, so it is rendered as plain Markdown only:
 * raw HTML is dropped (never escaped into view), anything not listed below is unwrapped to its text,
 * and links keep only http(s) and mailto targets. No images: they would load third-party content
 * and track readers.
 */
const allowedElements = ['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'a', 'strong', 'em', 'blockquote', 'code', 'pre', 'hr', 'br'];

const safeProtocols = new Set(['http:', 'https:', 'mailto:']);

/**
 * Keeps absolute http(s) and mailto URLs (normalized by the URL parser, which also strips the tabs
 * and newlines used to disguise `javascript:`); everything else, relative links included, is dropped.
 */
export const safeUrl: UrlTransform = (url) => {
  try {
    const parsed = new URL(url);
    return safeProtocols.has(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
};

type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;
const headingClass: Record<HeadingLevel, string> = {
  1: 'text-2xl font-bold',
  2: 'text-xl font-bold sm:text-2xl',
  3: 'text-lg font-bold sm:text-xl',
  4: 'text-lg font-bold',
  5: 'text-base font-bold',
  6: 'text-base font-semibold',
};

/** The few hast fields the heading pass reads (hast's own types are not a direct dependency). */
type TreeNode = { type: string; tagName?: string; children?: TreeNode[] };

function headingLevel(node: TreeNode): number {
  return node.type === 'element' && /^h[1-6]$/.test(node.tagName ?? '') ? Number(node.tagName![1]) : 0;
}

/**
 * A rehype pass that renumbers the text's headings from `topLevel` down, closing gaps: the levels
 * the author used, in order, become topLevel, topLevel + 1, … (never past h6). So `#` and `###`
 * under a page's h1 become h2 and h3, and the outline never skips a level whatever the author typed.
 */
function rebaseHeadings(topLevel: HeadingLevel) {
  return () => (tree: TreeNode) => {
    const headings: TreeNode[] = [];
    const walk = (node: TreeNode) => {
      if (headingLevel(node)) headings.push(node);
      node.children?.forEach(walk);
    };
    walk(tree);
    const used = [...new Set(headings.map(headingLevel))].sort((a, b) => a - b);
    for (const heading of headings) heading.tagName = `h${Math.min(6, topLevel + used.indexOf(headingLevel(heading)))}`;
  };
}

/** Drops react-markdown's `node` so it does not end up as a DOM attribute. */
function domProps<T extends { node?: unknown }>(props: T): Omit<T, 'node'> {
  const rest = { ...props };
  delete rest.node;
  return rest;
}

function isEmpty(children: ReactNode): boolean {
  return children === undefined || children === null || (Array.isArray(children) && children.every((child) => typeof child === 'string' && !child.trim()));
}

function heading(level: HeadingLevel) {
  const Tag = `h${level}` as const;
  return function Heading(props: ComponentProps<'h1'> & ExtraProps) {
    return <Tag {...domProps(props)} className={clsx('mt-6 mb-2 text-slate-950 first:mt-0', headingClass[level])} />;
  };
}

const components: Components = {
  h1: heading(1),
  h2: heading(2),
  h3: heading(3),
  h4: heading(4),
  h5: heading(5),
  h6: heading(6),
  // A paragraph that held only a refused image would be an empty box.
  p: (props) => (isEmpty(props.children) ? null : <p {...domProps(props)} className="my-3 first:mt-0 last:mb-0" />),
  ul: (props) => <ul {...domProps(props)} className="my-3 list-disc space-y-1 ps-6" />,
  ol: (props) => <ol {...domProps(props)} className="my-3 list-decimal space-y-1 ps-6" />,
  blockquote: (props) => <blockquote {...domProps(props)} className="my-3 border-s-4 border-slate-300 ps-4 text-slate-800" />,
  code: (props) => <code {...domProps(props)} className="rounded bg-slate-100 px-1 font-mono text-[0.9em]" />,
  pre: (props) => <pre {...domProps(props)} className="my-3 overflow-x-auto rounded-md bg-slate-100 p-3 text-sm" />,
  hr: (props) => <hr {...domProps(props)} className="my-6 border-slate-300" />,
  a: ({ href, children, ...props }) =>
    // A link whose target was refused keeps its words, without a dead or dangerous anchor.
    href ? (
      <a {...domProps(props)} href={href} rel="nofollow noopener noreferrer" className="font-semibold break-words text-blue-800 underline underline-offset-2 hover:text-blue-950">
        {children}
      </a>
    ) : (
      <>{children}</>
    ),
};

/**
 * Markdown from the database, rendered safely on the server. The text's highest heading becomes
 * `topHeadingLevel` (default h2), so the page's own h1 stays the only one.
 */
export function Markdown({ children, topHeadingLevel = 2, className }: { children: string; topHeadingLevel?: HeadingLevel; className?: string }): ReactNode {
  return (
    <div className={clsx('leading-relaxed break-words text-slate-900', className)}>
      <ReactMarkdown skipHtml allowedElements={allowedElements} unwrapDisallowed urlTransform={safeUrl} rehypePlugins={[rebaseHeadings(topHeadingLevel)]} components={components}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
