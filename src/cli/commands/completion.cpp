// `acmecli completion bash|zsh|fish` prints a completion script generated from the live option
// definitions (the build writes them next to the binary and installs them); `acmecli completion
// domains` prints the names of stored certificates, which those scripts offer for renew and revoke.
// Hidden from help: users get the installed scripts, not this command.
#include <iostream>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "cli/command.hpp"
#include "cli/completion/scripts.hpp"

namespace acmecli::cli {

namespace {

struct CompletionOptions {
  std::string what;
  std::string output;
};

// The main name of each stored certificate, as renew -d takes it (the .json's "domain", so a wildcard
// reads *.example.com, not its file name _.example.com).
std::string stored_domains(const GlobalOptions& options) {
  const fs::path root = options.path.empty() ? default_storage_root() : fs::absolute(options.path);
  CertificateStore store(root);
  std::string out;
  for (const auto& name : store.list()) {
    std::optional<CertificateMetadata> metadata;
    try {
      metadata = store.load_metadata(name);
    } catch (const Error&) {
      // A damaged .json must not break completion; the file name still names the certificate.
    }
    std::string domain = metadata && !metadata->domain.empty() ? metadata->domain : name;
    if (!metadata && domain.rfind("_.", 0) == 0) domain.replace(0, 1, "*");
    out += domain + "\n";
  }
  return out;
}

int run_completion(const CLI::App& root, const GlobalOptions& global, const CompletionOptions& options) {
  std::string text;
  if (options.what == "domains") {
    text = stored_domains(global);
  } else {
    const CommandLineModel model = describe_command_line(root);
    if (options.what == "bash") text = bash_completion(model);
    else if (options.what == "zsh") text = zsh_completion(model);
    else text = fish_completion(model);
  }
  if (options.output.empty()) {
    std::cout << text;
  } else {
    write_file_atomic(options.output, text, 0644);
  }
  return 0;
}

}  // namespace

Command add_completion_command(CLI::App& parent, SharedOptions& options) {
  CLI::App* app = parent.add_subcommand("completion", "print a shell completion script");
  app->group("");
  auto completion = std::make_shared<CompletionOptions>();
  app->add_option("what", completion->what, "bash, zsh, fish, or domains (stored certificate names)")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish", "domains"}));
  app->add_option("--output,-o", completion->output, "write to this file instead of standard output");
  return {app, [&parent, &options, completion] { return run_completion(parent, options.global, *completion); }};
}

}  // namespace acmecli::cli
