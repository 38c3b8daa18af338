// What the hidden generators (completion, manpage) do with their text: standard output, or --output FILE.
#pragma once

#include <iostream>
#include <string>

#include "acmecli/storage.hpp"

namespace acmecli::cli {

inline void write_generated_text(const std::string& text, const std::string& output) {
  if (output.empty()) {
    std::cout << text;
  } else {
    write_file_atomic(output, text, 0644);
  }
}

}  // namespace acmecli::cli
