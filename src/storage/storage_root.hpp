// The choice behind default_storage_root(), with the superuser test taken out so that tests running as
// root can still check what an ordinary user gets.
#pragma once

#include <filesystem>

namespace acmecli::storage {

std::filesystem::path storage_root_for(bool superuser);

}  // namespace acmecli::storage
