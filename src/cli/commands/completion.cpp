// `acmecli completion bash|zsh|fish` prints a completion script generated from the live option
// definitions (the build writes them next to the binary and installs them); `acmecli completion
// domains` prints the names of stored certificates, which those scripts offer for renew and revoke.
// Hidden from help: users get the installed scripts, not this command.
#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/generated_text.hpp"
#include "cli/completion/scripts.hpp"
#include "cli/invocation.hpp"

namespace acmecli::cli {

namespace {

// The main name of each stored certificate, as renew -d takes it (the .json's "domain", so a wildcard
// reads *.example.com, not its file name _.example.com).
std::string stored_domains(const CertificateStorage& store) {
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

}  // namespace

int run_completion(Invocation& invocation) {
  const GeneratorOptions& options = invocation.options().generator;
  std::string text;
  if (options.what == "domains") {
    text = stored_domains(invocation.certificates());
  } else {
    const CommandLineModel model = command_line_model(invocation.line().arguments);
    if (options.what == "bash") text = bash_completion(model);
    else if (options.what == "zsh") text = zsh_completion(model);
    else text = fish_completion(model);
  }
  write_generated_text(text, options.output);
  return 0;
}

}  // namespace acmecli::cli
