#include "cli/manpage/manpage.hpp"

#include <algorithm>
#include <cctype>

#include "dns/providers/provider_table.hpp"

namespace acmecli::cli {

namespace {

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string bold(const std::string& text) { return "\\fB" + roff_escape(text) + "\\fR"; }
std::string italic(const std::string& text) { return "\\fI" + roff_escape(text) + "\\fR"; }

std::string join_values(const std::vector<std::string>& values) {
  std::string joined;
  for (const auto& value : values) joined += (joined.empty() ? "" : ", ") + bold(value);
  return joined;
}

std::string option_entry(const OptionModel& option) {
  std::string names;
  for (const auto& name : option.short_names) names += (names.empty() ? "" : ", ") + bold(name);
  for (const auto& name : option.long_names) names += (names.empty() ? "" : ", ") + bold(name);
  if (option.takes_value()) names += " " + italic(option.value_name);
  std::string text = roff_escape(option.description);
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  text += ".";
  if (option.values.kind == ValueKind::known) text += " One of " + join_values(option.values.values) + ".";
  if (option.repeatable) text += " May be given more than once.";
  if (!option.envname.empty()) text += " Environment: " + bold(option.envname) + ".";
  return ".TP\n" + names + "\n" + text + "\n";
}

const char* kDescription = R"SH(.SH DESCRIPTION
.B acmecli
is a client for the ACME protocol (RFC 8555) in the manner of
.BR lego :
it registers an account with a certificate authority such as Let's Encrypt, proves control of
domain names with the http\-01, dns\-01 or tls\-alpn\-01 challenge, and keeps certificates and keys
in a plain directory that lego's own layout can be read from in place.
.PP
Global options may be given before or after the command.
Every option can also be set by an environment variable (listed with each option) or in the
configuration file; the command line wins over the environment, and the environment over the file.
)SH";

const char* kFiles = R"SH(.SH FILES
.TP
.I <storage>/config.toml
Settings read before the command line: one
.IB option " = " value
line per option, named as the long option without its dashes
.RB ( "key\-type = \(dqrsa2048\(dq" ).
Another file can be named with
.BR \-\-config .
.TP
.I <storage>/accounts/<host_port>/<email>/account.json
The account at one CA, and its key in
.IR keys/<email>.key .
.TP
.I <storage>/certificates/<name>.crt
The certificate followed by its chain; beside it
.I .key
(mode 0600),
.I .issuer.crt
and
.I .json
(what renew needs).
.PP
The storage directory is
.B \-\-path
or, by default,
.I /var/lib/acmecli
for root and
.I $XDG_DATA_HOME/acmecli
(else
.IR ~/.local/share/acmecli )
for other users.
With
.BI "\-\-storage etcd://" HOST:PORT / PREFIX
the same names are keys under
.I PREFIX
in etcd instead, shared by every host of a fleet: each certificate is renewed by one host, under a
lock that a host paused past its lease cannot break.
.B acmecli storage export
and
.B import
copy between the two.
)SH";

const char* kExitStatus = R"SH(.SH EXIT STATUS
.TP
.B 0
Success.
.TP
.B 1
Failure: the CA refused, a challenge failed, the network or a file could not be used.
With several certificates, 1 when any of them failed.
.TP
.B 2
Usage error: an unknown option, a malformed name, a missing argument.
)SH";

const char* kExamples = R"SH(.SH EXAMPLES
Create an account, then get one certificate per name over http\-01 on port 80:
.PP
.RS
.nf
acmecli \-\-email you@example.com \-\-accept\-tos register
acmecli \-\-email you@example.com obtain \-d example.com \-d www.example.com
.fi
.RE
.PP
One certificate for a wildcard and its apex, over dns\-01 with RFC 2136 updates:
.PP
.RS
.nf
RFC2136_NAMESERVER=ns1.example.com RFC2136_TSIG_KEY=acme RFC2136_TSIG_SECRET_FILE=/etc/acme.tsig \e
  acmecli \-\-email you@example.com obtain\-san \-\-dns rfc2136 \-d \(aq*.example.com\(aq \-d example.com
.fi
.RE
)SH";

const char* kSeeAlso = R"SH(.SH SEE ALSO
.BR lego (1),
.BR certbot (1).
The documentation in
.I /usr/share/doc/acmecli
and at the project's docs/ directory: getting started, configuration, storage layout, exit codes,
moving from lego and from certbot, troubleshooting.
)SH";

}  // namespace

std::string roff_escape(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '\\') escaped += "\\e";
    else if (c == '-') escaped += "\\-";
    else if (c == '\'') escaped += "\\(aq";
    else if (c == '"') escaped += "\\(dq";
    else if (c == '`') escaped += "\\(ga";
    else escaped += c;
  }
  if (!escaped.empty() && escaped[0] == '.') escaped.insert(0, "\\&");
  return escaped;
}

namespace {

// Every provider --dns takes, from the provider table (as `acmecli dns-providers` prints them), with the
// variables each reads: required ones and defaults said, secrets marked so nobody puts one in a unit file.
std::string dns_providers_section() {
  // Left-adjusted: the documentation anchors are long words that would stretch justified lines.
  std::string out = ".SH DNS PROVIDERS\n.ad l\nThe names\n.B \\-\\-dns\ntakes, and the variables each reads;\n"
                    ".B acmecli dns\\-providers\n.I NAME\nshows one, and the documentation each names has the details.\n";
  for (const dns::ProviderDescription& provider : dns::provider_table()) {
    out += ".TP\n" + bold(std::string(provider.name));
    for (std::string_view alias : provider.aliases) out += ", " + bold(std::string(alias));
    std::string description(provider.description);
    if (!description.empty()) description[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(description[0])));
    out += "\n" + roff_escape(description) + "; see " + roff_escape(std::string(provider.docs_anchor)) + ".\n";
    for (const dns::ProviderVariable& variable : provider.variables) {
      std::string notes;
      if (variable.required) notes += "required";
      if (variable.secret) notes += std::string(notes.empty() ? "" : ", ") + "secret";
      if (!variable.fallback.empty()) {
        // A fallback that names another of the provider's variables is that variable's value.
        notes += std::string(notes.empty() ? "" : ", ") + "default " + std::string(variable.fallback) +
                 (provider.variable(variable.fallback) != nullptr ? "'s value" : "");
      }
      out += ".br\n" + bold(std::string(variable.name)) + " \\- " + roff_escape(std::string(variable.description));
      if (!notes.empty()) out += " (" + roff_escape(notes) + ")";
      out += "\n";
    }
  }
  return out + ".ad b\n";
}

}  // namespace

std::string manpage(const CommandLineModel& model, const std::string& version) {
  const std::string name = model.name;
  std::string out = ".\\\" Generated by `" + name + " manpage` from the binary's own option definitions.\n";
  out += ".TH " + upper(name) + " 1 \"\" \"" + roff_escape(name + " " + version) + "\" \"User Commands\"\n";
  std::string summary = model.description;
  if (auto colon = summary.find(": "); colon != std::string::npos) summary = summary.substr(colon + 2);
  out += ".SH NAME\n" + roff_escape(name) + " \\- " + roff_escape(summary) + "\n";
  out += ".SH SYNOPSIS\n.B " + roff_escape(name) + "\n.RI [ global\\ options ]\n.I command\n.RI [ options ]\n";
  out += kDescription;

  out += ".SH COMMANDS\n";
  for (const auto& command : model.commands) {
    out += ".SS \"" + roff_escape(name + " " + command.name) + "\"\n";
    std::string description = roff_escape(command.description);
    if (!description.empty()) description[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(description[0])));
    out += description + ".\n";
    for (const auto& option : command.options) out += option_entry(option);
  }

  out += ".SH GLOBAL OPTIONS\n";
  for (const auto& option : model.only_global_options()) out += option_entry(option);

  out += ".SH ENVIRONMENT\n";
  std::vector<std::pair<std::string, std::string>> variables;
  for (const auto& option : model.global_options) {
    if (!option.envname.empty()) variables.emplace_back(option.envname, option.first_name());
  }
  for (const auto& command : model.commands) {
    for (const auto& option : command.options) {
      if (option.envname.empty()) continue;
      if (std::none_of(variables.begin(), variables.end(), [&](const auto& v) { return v.first == option.envname; })) {
        variables.emplace_back(option.envname, option.first_name());
      }
    }
  }
  for (const auto& [variable, option] : variables) out += ".TP\n" + bold(variable) + "\nAs " + bold(option) + ".\n";
  out += ".TP\n.B NO_COLOR\nWhen set and not empty, no colours in the log, even on a terminal.\n";
  out += ".PP\nDNS providers read their own variables, named as lego names them (for example\n"
         ".BR RFC2136_NAMESERVER );\neach may also be given as\n.IB NAME _FILE\nholding the value.\n";
  out += dns_providers_section();

  out += kFiles;
  out += kExitStatus;
  out += kExamples;
  out += kSeeAlso;
  return out;
}

}  // namespace acmecli::cli
