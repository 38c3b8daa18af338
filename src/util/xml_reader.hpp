// A small read-only view of an XML document, for the DNS provider APIs that answer in XML (Route 53,
// Namecheap). Their answers are outside data, so the parsing is left to expat, a parser that is kept up
// and fuzzed by others, and this file only turns its events into a tree of elements with their text.
// What such an API never sends is refused instead of being understood: a DOCTYPE (and with it every
// entity declaration), and elements nested deeper than a sane answer needs.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace acmecli::xml {

struct Element {
  std::string name;  // the local name: namespaces are dropped ("ListHostedZonesByNameResponse")
  std::string text;  // the character data directly inside, entities decoded, surrounding blanks kept
  std::vector<Element> children;
  // The attributes in document order, names as written (Namecheap puts its records' data in them),
  // values with entities decoded.
  std::vector<std::pair<std::string, std::string>> attributes;

  // The first child with this local name, or nullptr.
  const Element* child(std::string_view child_name) const;
  // Every child with this local name, in document order.
  std::vector<const Element*> children_named(std::string_view child_name) const;
  // The text of the first child with this name; empty when there is none.
  std::string child_text(std::string_view child_name) const;
  // Follows a path of child names ("ChangeInfo/Status"); nullptr when one step is missing.
  const Element* find(std::string_view path) const;
  // The value of the attribute with this name; empty when there is none.
  std::string attribute(std::string_view attribute_name) const;
};

// The deepest nesting parse() accepts; no answer we read comes near it.
inline constexpr int kMaxDepth = 64;

// The document's root element. Throws Error(protocol) naming what is wrong (expat's message and line)
// when the text is not well-formed XML, has a DOCTYPE, or nests deeper than kMaxDepth.
Element parse(std::string_view document);

// text with &, <, >, " and carriage return written as references, for element text and attribute values
// we send, so that it reads back exactly as it was.
std::string escape(std::string_view text);

}  // namespace acmecli::xml
