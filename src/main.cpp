#include "cli/app.hpp"

int main(int argc, char** argv) { return acmecli::cli::run(argc, argv); }
