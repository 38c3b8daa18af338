#include "challenge/connection_admission.hpp"

#include <catch2/catch.hpp>

using namespace acmecli;

namespace {

std::vector<OpenConnection> from(const std::string& host, int count, bool idle = true) {
  return std::vector<OpenConnection>(static_cast<std::size_t>(count), OpenConnection{host, idle});
}

std::vector<OpenConnection> operator+(std::vector<OpenConnection> left,
                                      const std::vector<OpenConnection>& right) {
  left.insert(left.end(), right.begin(), right.end());
  return left;
}

constexpr AdmissionLimits kLimits{8, 4};

}  // namespace

TEST_CASE("a connection is admitted without eviction while there is room", "[admission]") {
  Admission admission = admit_connection(from("127.0.0.1", 3) + from("::1", 4), "127.0.0.1", kLimits);
  CHECK(admission.admit);
  CHECK_FALSE(admission.evict);
}

TEST_CASE("a peer at its share gives up its own oldest idle connection, never another peer's",
          "[admission]") {
  auto open = from("::1", 2) + from("127.0.0.1", 1, false) + from("127.0.0.1", 3);
  Admission admission = admit_connection(open, "127.0.0.1", kLimits);
  CHECK(admission.admit);
  REQUIRE(admission.evict);
  CHECK(*admission.evict == 3);  // index 2 is answering a request; 3 is the oldest idle one
}

TEST_CASE("a peer at its share with nothing idle is refused", "[admission]") {
  Admission admission = admit_connection(from("127.0.0.1", 4, false), "127.0.0.1", kLimits);
  CHECK_FALSE(admission.admit);
  CHECK_FALSE(admission.evict);
}

TEST_CASE("a full listener evicts the oldest idle connection of the peer holding the most", "[admission]") {
  // 127.0.0.2 holds the oldest idle connection, but 127.0.0.3 holds more: it pays.
  auto open = from("127.0.0.2", 2) + from("127.0.0.3", 4) + from("127.0.0.4", 2);
  Admission admission = admit_connection(open, "127.0.0.5", kLimits);
  CHECK(admission.admit);
  REQUIRE(admission.evict);
  CHECK(*admission.evict == 2);
}

TEST_CASE("a full listener skips a peer whose connections are all answering requests", "[admission]") {
  auto open = from("127.0.0.3", 4, false) + from("127.0.0.2", 3) + from("127.0.0.4", 1);
  Admission admission = admit_connection(open, "127.0.0.5", kLimits);
  CHECK(admission.admit);
  REQUIRE(admission.evict);
  CHECK(*admission.evict == 4);
}

TEST_CASE("a full listener with nothing idle refuses the newcomer", "[admission]") {
  Admission admission =
      admit_connection(from("127.0.0.2", 4, false) + from("127.0.0.3", 4, false), "127.0.0.4", kLimits);
  CHECK_FALSE(admission.admit);
  CHECK_FALSE(admission.evict);
}

TEST_CASE("a CA checking 16 challenges three times at once from one address is admitted whole",
          "[admission]") {
  // Issue 18: an order's challenges are answered together, and every connection of the burst is
  // still idle when the next arrives; none of them may be evicted for the others.
  std::vector<OpenConnection> open;
  for (int i = 0; i < 16 * 3; ++i) {
    Admission admission = admit_connection(open, "::1", AdmissionLimits{});
    CHECK(admission.admit);
    CHECK_FALSE(admission.evict);
    open.push_back({"::1", true});
  }
}
