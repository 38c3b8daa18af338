#include "util/file_error.hpp"

#include <cstring>
#include <string>

#include "acmecli/error.hpp"

namespace acmecli {

void throw_file_error(std::string_view verb, const std::filesystem::path& path, int errno_value) {
  throw Error(ErrorKind::local_file,
              "cannot " + std::string(verb) + " " + path.string() + ": " + std::strerror(errno_value));
}

}  // namespace acmecli
