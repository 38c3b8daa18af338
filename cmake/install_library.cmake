# What `cmake --install` puts in place for programs that use libacmecli, in two components:
#   runtime      the shared library itself (and the program, its man page, completions and docs)
#   development  headers, the libacmecli.so link, a static archive, the CMake package and acmecli.pc
# `cmake --install build --component runtime` is what a machine that only runs programs needs.
include(CMakePackageConfigHelpers)

set(ACMECLI_CMAKE_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/acmecli)

install(TARGETS acmecli_core EXPORT acmecliTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT development
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)
install(DIRECTORY include/acmecli ${CMAKE_CURRENT_BINARY_DIR}/include/acmecli
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development
  FILES_MATCHING PATTERN "*.hpp")
install(EXPORT acmecliTargets NAMESPACE acmecli:: DESTINATION ${ACMECLI_CMAKE_PACKAGE_DIR}
  COMPONENT development)

configure_package_config_file(cmake/acmecliConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/acmecliConfig.cmake INSTALL_DESTINATION ${ACMECLI_CMAKE_PACKAGE_DIR})
# Before 1.0 a minor release may change the API (docs/library.md), so find_package(acmecli 0.1) must
# not accept 0.2; from 1.0 on, the major version carries that promise.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(ACMECLI_VERSION_COMPATIBILITY SameMinorVersion)
else()
  set(ACMECLI_VERSION_COMPATIBILITY SameMajorVersion)
endif()
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/acmecliConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY ${ACMECLI_VERSION_COMPATIBILITY})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/acmecliConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/acmecliConfigVersion.cmake
  DESTINATION ${ACMECLI_CMAKE_PACKAGE_DIR} COMPONENT development)

# acmecli.pc finds its prefix from where it lies (${pcfiledir}), so a tree installed with
# `cmake --install --prefix DIR` or unpacked from the .deb works wherever it ends up.
file(RELATIVE_PATH ACMECLI_PC_PREFIX_FROM_PCFILEDIR
  /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(cmake/acmecli.pc.in ${CMAKE_CURRENT_BINARY_DIR}/acmecli.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/acmecli.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT development)
