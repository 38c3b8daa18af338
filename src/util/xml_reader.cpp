#include "util/xml_reader.hpp"

#include <expat.h>

#include <memory>

#include "acmecli/error.hpp"

namespace acmecli::xml {

namespace {

// The separator expat puts between a namespace URI and a local name (XML_ParserCreateNS); a newline
// cannot occur in either.
constexpr char kNamespaceSeparator = '\n';

struct ParserDeleter {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};
using Parser = std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserDeleter>;

struct TreeBuilder {
  XML_Parser parser = nullptr;
  Element root;
  std::vector<Element*> open;  // the path from the root to the element being read
  bool has_root = false;
  std::string refusal;  // why we stopped the parser ourselves; empty when expat stopped it

  void stop(std::string why) {
    if (refusal.empty()) refusal = std::move(why);
    XML_StopParser(parser, XML_FALSE);
  }
};

std::string local_name(const XML_Char* name) {
  std::string_view full(name);
  auto separator = full.rfind(kNamespaceSeparator);
  return std::string(separator == std::string_view::npos ? full : full.substr(separator + 1));
}

std::vector<std::pair<std::string, std::string>> attributes_of(const XML_Char** attributes) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const XML_Char** at = attributes; at != nullptr && at[0] != nullptr && at[1] != nullptr; at += 2) {
    out.emplace_back(local_name(at[0]), at[1]);
  }
  return out;
}

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto& builder = *static_cast<TreeBuilder*>(data);
  if (static_cast<int>(builder.open.size()) >= kMaxDepth) {
    builder.stop("elements nested deeper than " + std::to_string(kMaxDepth));
    return;
  }
  if (builder.open.empty()) {
    builder.root.name = local_name(name);
    builder.root.attributes = attributes_of(attributes);
    builder.has_root = true;
    builder.open.push_back(&builder.root);
    return;
  }
  Element& parent = *builder.open.back();
  parent.children.push_back(Element{local_name(name), {}, {}, attributes_of(attributes)});
  builder.open.push_back(&parent.children.back());
}

void XMLCALL on_end(void* data, const XML_Char* /*name*/) {
  auto& builder = *static_cast<TreeBuilder*>(data);
  if (!builder.open.empty()) builder.open.pop_back();
}

void XMLCALL on_text(void* data, const XML_Char* text, int length) {
  auto& builder = *static_cast<TreeBuilder*>(data);
  if (!builder.open.empty()) builder.open.back()->text.append(text, static_cast<std::size_t>(length));
}

// No API answer has a DOCTYPE; refusing it refuses entity declarations, external entities and
// entity expansion attacks before they start.
void XMLCALL on_doctype(void* data, const XML_Char* /*name*/, const XML_Char* /*system_id*/,
                        const XML_Char* /*public_id*/, int /*has_internal_subset*/) {
  static_cast<TreeBuilder*>(data)->stop("a DOCTYPE, which no API answer has");
}

}  // namespace

const Element* Element::child(std::string_view child_name) const {
  for (const Element& element : children) {
    if (element.name == child_name) return &element;
  }
  return nullptr;
}

std::vector<const Element*> Element::children_named(std::string_view child_name) const {
  std::vector<const Element*> found;
  for (const Element& element : children) {
    if (element.name == child_name) found.push_back(&element);
  }
  return found;
}

std::string Element::child_text(std::string_view child_name) const {
  const Element* element = child(child_name);
  return element == nullptr ? std::string() : element->text;
}

const Element* Element::find(std::string_view path) const {
  const Element* current = this;
  while (current != nullptr && !path.empty()) {
    auto slash = path.find('/');
    current = current->child(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return current;
}

std::string Element::attribute(std::string_view attribute_name) const {
  for (const auto& [key, value] : attributes) {
    if (key == attribute_name) return value;
  }
  return {};
}

Element parse(std::string_view document) {
  Parser parser(XML_ParserCreateNS(nullptr, kNamespaceSeparator));
  if (!parser) throw Error(ErrorKind::internal, "could not create an XML parser (out of memory)");
  TreeBuilder builder;
  builder.parser = parser.get();
  XML_SetUserData(parser.get(), &builder);
  XML_SetElementHandler(parser.get(), on_start, on_end);
  XML_SetCharacterDataHandler(parser.get(), on_text);
  XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
  // Parsed in pieces that fit expat's int length, though a transport limits answers far below that.
  constexpr std::size_t kPiece = 1 << 20;
  std::size_t offset = 0;
  XML_Status status = XML_STATUS_OK;
  do {
    std::size_t piece = std::min(kPiece, document.size() - offset);
    bool last = offset + piece == document.size();
    status = XML_Parse(parser.get(), document.data() + offset, static_cast<int>(piece),
                       last ? XML_TRUE : XML_FALSE);
    offset += piece;
  } while (status == XML_STATUS_OK && offset < document.size());
  if (status != XML_STATUS_OK) {
    std::string line = std::to_string(XML_GetCurrentLineNumber(parser.get()));
    if (!builder.refusal.empty()) throw Error(ErrorKind::protocol, "XML answer refused: " + builder.refusal);
    throw Error(ErrorKind::protocol, std::string("malformed XML answer: ") +
                                         XML_ErrorString(XML_GetErrorCode(parser.get())) + " at line " +
                                         line);
  }
  if (!builder.has_root) throw Error(ErrorKind::protocol, "malformed XML answer: no element");
  return std::move(builder.root);
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\r':
        out += "&#13;";
        break;  // a raw one would be read back as a line feed (XML 1.0 §2.11)
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace acmecli::xml
