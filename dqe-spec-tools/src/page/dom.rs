//! The tree an HTML page is parsed into: html5ever (the HTML parser of Servo, which follows
//! the HTML standard's parsing algorithm, so any bytes give a tree) builds it through
//! [`TreeSink`], each node keeping the line it starts on.
//!
//! html5ever spends time in proportion to how deeply elements are open for each tag it reads,
//! so a page is parsed in slices, and given up as soon as its elements nest deeper than
//! [`MAX_DEPTH`] or number more than [`MAX_NODES`] (a help-centre article nests some twenty
//! deep and holds a few thousand nodes). Nothing here recurses.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::rc::Rc;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, LocalName, QualName, local_name, ns, parse_document};

/// The deepest elements may nest.
pub const MAX_DEPTH: usize = 256;

/// The most nodes (elements, text, comments) a page may hold.
pub const MAX_NODES: usize = 200_000;

/// How much text is given to the parser at a time, between checks of the limits.
const SLICE: usize = 4096;

/// The HTML nests deeper than [`MAX_DEPTH`] or holds more than [`MAX_NODES`] nodes.
#[derive(Debug)]
pub(super) struct TooComplex;

/// The tree of the HTML document `html`.
///
/// # Errors
/// [`TooComplex`], as soon as the part parsed passes a limit.
pub(super) fn parse(html: &str) -> Result<Tree, TooComplex> {
    let sink = Sink::default();
    let over = Rc::clone(&sink.over);
    let mut parser = parse_document(sink, Default::default());
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = rest.len().min(SLICE);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&rest[..end]));
        rest = &rest[end..];
        if over.get() {
            return Err(TooComplex);
        }
    }
    let tree = parser.finish();
    if over.get() {
        return Err(TooComplex);
    }
    Ok(tree)
}

/// A node of the tree: its links, what it is, and its line.
pub(super) struct Node {
    parent: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    prev: Option<usize>,
    next: Option<usize>,
    /// The element's name; an empty name for other nodes.
    name: QualName,
    pub(super) kind: Kind,
    pub(super) line: usize,
    /// How deep it was put, the document being 0.
    depth: usize,
}

pub(super) enum Kind {
    Document,
    Element {
        attrs: Vec<Attribute>,
        template: Option<usize>,
        /// A MathML `annotation-xml` that holds HTML (the tree builder asks).
        annotation: bool,
    },
    Text(String),
    /// A comment, a processing instruction or a doctype: no text.
    Other,
}

/// The tree html5ever builds, node 0 the document.
struct Sink {
    nodes: RefCell<Vec<Node>>,
    line: Cell<usize>,
    /// Set once a limit is passed.
    over: Rc<Cell<bool>>,
}

impl Default for Sink {
    fn default() -> Self {
        let sink = Sink {
            nodes: RefCell::new(Vec::new()),
            line: Cell::new(1),
            over: Rc::default(),
        };
        sink.new_node(no_name(), Kind::Document);
        sink
    }
}

fn no_name() -> QualName {
    QualName::new(None, ns!(), LocalName::from(""))
}

impl Sink {
    fn new_node(&self, name: QualName, kind: Kind) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node {
            parent: None,
            first: None,
            last: None,
            prev: None,
            next: None,
            name,
            kind,
            line: self.line.get(),
            depth: 0,
        });
        if nodes.len() > MAX_NODES {
            self.over.set(true);
        }
        nodes.len() - 1
    }

    /// Takes `node` out of its parent's children.
    fn detach(&self, node: usize) {
        let mut nodes = self.nodes.borrow_mut();
        let (parent, prev, next) = {
            let n = &mut nodes[node];
            (n.parent.take(), n.prev.take(), n.next.take())
        };
        match next {
            Some(next) => nodes[next].prev = prev,
            None => {
                if let Some(parent) = parent {
                    nodes[parent].last = prev;
                }
            }
        }
        match prev {
            Some(prev) => nodes[prev].next = next,
            None => {
                if let Some(parent) = parent {
                    nodes[parent].first = next;
                }
            }
        }
    }

    /// Puts `child` last among `parent`'s children.
    fn append_node(&self, parent: usize, child: usize) {
        self.detach(child);
        let mut nodes = self.nodes.borrow_mut();
        let last = nodes[parent].last;
        nodes[child].depth = nodes[parent].depth + 1;
        if nodes[child].depth > MAX_DEPTH {
            self.over.set(true);
        }
        nodes[child].parent = Some(parent);
        nodes[child].prev = last;
        match last {
            Some(last) => nodes[last].next = Some(child),
            None => nodes[parent].first = Some(child),
        }
        nodes[parent].last = Some(child);
    }

    /// Puts `child` just before `sibling`.
    fn insert_before(&self, sibling: usize, child: usize) {
        self.detach(child);
        let mut nodes = self.nodes.borrow_mut();
        let (parent, prev) = (nodes[sibling].parent, nodes[sibling].prev);
        nodes[child].depth = nodes[sibling].depth;
        nodes[child].parent = parent;
        nodes[child].prev = prev;
        nodes[child].next = Some(sibling);
        nodes[sibling].prev = Some(child);
        match prev {
            Some(prev) => nodes[prev].next = Some(child),
            None => {
                if let Some(parent) = parent {
                    nodes[parent].first = Some(child);
                }
            }
        }
    }

    /// Text goes into the text node just before where it lands, if there is one.
    fn add_text(&self, before: Option<usize>, text: &str) -> Option<usize> {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(i) = before
            && let Kind::Text(existing) = &mut nodes[i].kind
        {
            existing.push_str(text);
            return None;
        }
        drop(nodes);
        let node = self.new_node(no_name(), Kind::Text(text.to_owned()));
        // html5ever gives a run of text the line it ends on: it starts that many lines before.
        let mut nodes = self.nodes.borrow_mut();
        nodes[node].line = nodes[node].line.saturating_sub(text.matches('\n').count());
        Some(node)
    }
}

impl TreeSink for Sink {
    type Handle = usize;
    type Output = Tree;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Tree {
        Tree {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| &nodes[*target].name)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> usize {
        let template = flags
            .template
            .then(|| self.new_node(no_name(), Kind::Document));
        let kind = Kind::Element {
            attrs,
            template,
            annotation: flags.mathml_annotation_xml_integration_point,
        };
        self.new_node(name, kind)
    }

    fn create_comment(&self, _text: StrTendril) -> usize {
        self.new_node(no_name(), Kind::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.new_node(no_name(), Kind::Other)
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        let node = match child {
            NodeOrText::AppendNode(node) => Some(node),
            NodeOrText::AppendText(text) => {
                let last = self.nodes.borrow()[*parent].last;
                self.add_text(last, &text)
            }
        };
        if let Some(node) = node {
            self.append_node(*parent, node);
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &usize,
        prev_element: &usize,
        child: NodeOrText<usize>,
    ) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let doctype = self.new_node(no_name(), Kind::Other);
        self.append_node(0, doctype);
    }

    fn get_template_contents(&self, target: &usize) -> usize {
        match self.nodes.borrow()[*target].kind {
            Kind::Element {
                template: Some(contents),
                ..
            } => contents,
            _ => *target,
        }
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &usize, child: NodeOrText<usize>) {
        let node = match child {
            NodeOrText::AppendNode(node) => Some(node),
            NodeOrText::AppendText(text) => {
                let prev = self.nodes.borrow()[*sibling].prev;
                self.add_text(prev, &text)
            }
        };
        if let Some(node) = node {
            self.insert_before(*sibling, node);
        }
    }

    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        if let Kind::Element {
            attrs: existing, ..
        } = &mut self.nodes.borrow_mut()[*target].kind
        {
            for attr in attrs {
                if !existing.iter().any(|a| a.name == attr.name) {
                    existing.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &usize) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        while let Some(child) = self.nodes.borrow().get(*node).and_then(|n| n.first) {
            self.append_node(*new_parent, child);
        }
    }

    fn set_current_line(&self, line: u64) {
        self.line.set(usize::try_from(line).unwrap_or(usize::MAX));
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &usize) -> bool {
        matches!(
            self.nodes.borrow()[*handle].kind,
            Kind::Element {
                annotation: true,
                ..
            }
        )
    }
}

/// The parsed tree.
pub(super) struct Tree {
    pub(super) nodes: Vec<Node>,
}

impl Tree {
    pub(super) fn name(&self, node: usize) -> Option<&LocalName> {
        matches!(self.nodes[node].kind, Kind::Element { .. }).then(|| &self.nodes[node].name.local)
    }

    /// The children of `node`, in order.
    pub(super) fn children(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.nodes[node].first, |&c| self.nodes[c].next)
    }

    /// Every node under `node`, in document order, not entering those `stop` refuses.
    pub(super) fn descendants(&self, node: usize, stop: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut found = Vec::new();
        let mut stack: Vec<usize> = self.children(node).collect();
        stack.reverse();
        while let Some(n) = stack.pop() {
            found.push(n);
            if !stop(n) {
                let at = stack.len();
                stack.extend(self.children(n));
                stack[at..].reverse();
            }
        }
        found
    }

    pub(super) fn has_class(&self, node: usize, class: &str) -> bool {
        let Kind::Element { attrs, .. } = &self.nodes[node].kind else {
            return false;
        };
        attrs
            .iter()
            .filter(|a| a.name.local == local_name!("class"))
            .any(|a| a.value.split_ascii_whitespace().any(|c| c == class))
    }
}
