// XML answers of DNS provider APIs (Route 53, Namecheap's attributes, ...), read by util/xml_reader over expat.
#include "fuzz_util.hpp"
#include "util/xml_reader.hpp"

namespace {

// Walks the tree the way a provider does, so that a broken tree (a dangling child) is found too.
std::size_t count_elements(const acmecli::xml::Element& element, int depth) {
  if (depth > acmecli::xml::kMaxDepth) __builtin_trap();  // parse() promised to refuse this
  std::size_t count = 1;
  for (const auto& child : element.children) {
    (void)element.child(child.name);
    for (const auto& [name, value] : child.attributes) (void)child.attribute(name);
    count += count_elements(child, depth + 1);
  }
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::refusing_is_fine([&] {
    auto root = acmecli::xml::parse(fuzz::text(data, size));
    (void)count_elements(root, 1);
    (void)root.find("ChangeInfo/Status");
    // What we write must read back as the same text.
    auto text = root.text;
    if (acmecli::xml::parse("<v>" + acmecli::xml::escape(text) + "</v>").text != text) __builtin_trap();
  });
  return 0;
}
