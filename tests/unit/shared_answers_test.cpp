// The form challenge answers are shared in between a fleet's servers and the command line
// (manager/shared_answers.hpp), and the solver that shares them around another.
#include <catch2/catch.hpp>

#include "manager/shared_answers.hpp"
#include "manager_fakes.hpp"

using namespace acmecli;
using manager_test::CountingCache;

namespace {

class RecordingSolver final : public ChallengeSolver {
 public:
  explicit RecordingSolver(std::string type) : type_(std::move(type)) {}
  std::string_view type() const override { return type_; }
  void present(const std::vector<ChallengeTask>& tasks) override { presented += tasks.size(); }
  void cleanup(const std::vector<ChallengeTask>& tasks) noexcept override { cleaned += tasks.size(); }
  std::size_t presented = 0;
  std::size_t cleaned = 0;

 private:
  std::string type_;
};

ChallengeTask shared_task(const std::string& type, Identifier identifier) {
  ChallengeTask task;
  task.identifier = std::move(identifier);
  task.type = type;
  task.token = "tok-EN_1";
  task.key_authorization = "tok-EN_1.thumbprint";
  return task;
}

}  // namespace

TEST_CASE("a shared tls-alpn-01 answer names its identifier and is read back only under its own name",
          "[manager]") {
  const Identifier name{Identifier::Type::dns, "a.test"};
  const std::string answer = shared_answers::tls_answer(name, "t.k");
  CHECK(answer == "dns a.test t.k");
  auto parsed = shared_answers::parse_tls_answer(answer, "a.test");
  REQUIRE(parsed);
  CHECK(parsed->identifier == name);
  CHECK(parsed->key_authorization == "t.k");
  CHECK_FALSE(shared_answers::parse_tls_answer(answer, "b.test"));
  // RFC 8738: an IP address is validated under its reverse name.
  const Identifier ip{Identifier::Type::ip, "192.0.2.1"};
  CHECK(shared_answers::parse_tls_answer(shared_answers::tls_answer(ip, "t.k"), "1.2.0.192.in-addr.arpa"));
  for (const char* malformed : {"", "dns", "dns a.test", "dns a.test ", "uri a.test t.k"}) {
    CAPTURE(malformed);
    CHECK_FALSE(shared_answers::parse_tls_answer(malformed, "a.test"));
  }
}

TEST_CASE("the sharing solver shares each answer while its own solver holds it, and withdraws it", "[manager]") {
  auto cache = std::make_shared<CountingCache>();
  for (const char* type : {"http-01", "tls-alpn-01"}) {
    CAPTURE(type);
    auto inner = std::make_unique<RecordingSolver>(type);
    RecordingSolver& recorded = *inner;
    shared_answers::SharingSolver solver(std::move(inner), cache);
    CHECK(solver.type() == type);
    const auto task = shared_task(type, {Identifier::Type::dns, "a.test"});
    solver.present({task});
    CHECK(recorded.presented == 1);
    CHECK(cache->shared.size() == 1);
    if (std::string_view(type) == "http-01") {
      CHECK(shared_answers::http_answer(*cache, "tok-EN_1") == std::optional<std::string>("tok-EN_1.thumbprint"));
      CHECK_FALSE(shared_answers::http_answer(*cache, "../etc"));
    } else {
      CHECK(cache->shared.at("tls-alpn-01 a.test") == "dns a.test tok-EN_1.thumbprint");
    }
    solver.cleanup({task});
    CHECK(recorded.cleaned == 1);
    CHECK(cache->shared.empty());
  }
}
