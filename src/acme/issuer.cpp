#include "acmecli/issuer.hpp"

#include <atomic>
#include <future>
#include <map>
#include <optional>
#include <set>

#include "acme/authorization_check.hpp"
#include "acme/ca_key_policy.hpp"
#include "acme/ca_refusal.hpp"
#include "acme/concurrent_steps.hpp"
#include "acme/ip_refusal.hpp"
#include "acme/issued_certificate_check.hpp"
#include "acme/order_claims.hpp"
#include "acmecli/dns_persist01.hpp"
#include "acmecli/profiles.hpp"
#include "util/interruption.hpp"
#include "util/log.hpp"
#include "util/printable.hpp"

namespace acmecli {

namespace {

std::string display(const Authorization& authorization) {
  return (authorization.wildcard ? "*." : "") + authorization.identifier.value;
}

std::string offered_types(const Authorization& authorization) {
  std::string list;
  for (const auto& challenge : authorization.challenges)
    list += (list.empty() ? "" : ", ") + printable(challenge.type);
  return list.empty() ? "none" : list;
}

// One challenge we will answer, with the solver that makes it answerable.
struct PlannedChallenge {
  ChallengeSolver* solver;
  ChallengeTask task;
  std::string challenge_url;
  std::string authorization_url;
};

// Undoes every present() of an order, on success and on failure alike.
class PresentedChallenges {
 public:
  ~PresentedChallenges() {
    for (auto& [solver, tasks] : presented_) solver->cleanup(tasks);
  }
  void add(ChallengeSolver* solver, std::vector<ChallengeTask> tasks) {
    presented_.emplace_back(solver, std::move(tasks));
  }

 private:
  std::vector<std::pair<ChallengeSolver*, std::vector<ChallengeTask>>> presented_;
};

// The challenge of a pending authorization we answer, and the solver that makes it answerable: the
// first solver, in order of preference, whose type the CA offers. Throws Error(challenge) saying what
// was offered when none is, and refuses a malformed token or issuer domain name before any solver sees it.
PlannedChallenge plan_challenge(AcmeClient& client, const std::vector<ChallengeSolver*>& solvers,
                                const Authorization& authorization, const Identifier& ordered,
                                const std::string& authorization_url) {
  const Challenge* chosen = nullptr;
  ChallengeSolver* chosen_solver = nullptr;
  for (ChallengeSolver* solver : solvers) {
    for (const auto& challenge : authorization.challenges) {
      // Types we do not solve (dns-account-01, ...) are skipped, and one without a token cannot be
      // one of ours unless its solver needs none (dns-persist-01).
      if (challenge.type == solver->type() && (!challenge.token.empty() || !solver->needs_token())) {
        chosen = &challenge;
        chosen_solver = solver;
        break;
      }
    }
    if (chosen) break;
  }
  if (!chosen) {
    std::string enabled;
    for (ChallengeSolver* solver : solvers)
      enabled += (enabled.empty() ? "" : ", ") + std::string(solver->type());
    std::string hint =
        authorization.wildcard ? " (a wildcard can only be validated with dns-01: use --dns)" : "";
    throw Error(ErrorKind::challenge, display(authorization) + ": the CA offered " +
                                          offered_types(authorization) + " but acmecli has " +
                                          (enabled.empty() ? "no solver" : enabled) + " enabled" + hint);
  }
  // RFC 8555 §8.1: the token becomes a file name, part of a URL and a hook's argument; check it first.
  if (!chosen->token.empty()) check_challenge_token(*chosen, ordered);
  // draft-ietf-acme-dns-persist §3.1: the issuer domain names go into a DNS record and a log line;
  // checked here so that no solver, ours or a library user's, ever gets a malformed one.
  if (chosen->type == "dns-persist-01") check_issuer_domain_names(chosen->issuer_domain_names);
  ChallengeTask task;
  task.identifier = authorization.identifier;
  task.wildcard = authorization.wildcard;
  task.type = chosen->type;
  task.token = chosen->token;
  if (!chosen->token.empty()) task.key_authorization = client.key_authorization(chosen->token);
  task.issuer_domain_names = chosen->issuer_domain_names;
  return {chosen_solver, std::move(task), chosen->url, authorization_url};
}

// newOrder, with advice added when the CA refuses IP addresses (RFC 8738) or the profile for a reason a
// user can fix.
Order place_order(AcmeClient& client, const std::vector<Identifier>& identifiers,
                  const NewOrderOptions& options) {
  try {
    return client.new_order(identifiers, options);
  } catch (const Error& e) {
    if (!e.problem()) throw;
    if (e.problem()->is("invalidProfile")) {
      throw Error(e.kind(), e.what() + invalid_profile_advice(client.directory(), options.profile),
                  *e.problem());
    }
    std::string advice = ip_refusal_advice(identifiers, *e.problem(), options.profile);
    if (advice.empty()) throw;
    throw Error(e.kind(), e.what() + advice, *e.problem());
  }
}

std::string top_issuer_cn(const std::string& chain_pem) {
  const auto blocks = split_pem_chain(chain_pem);
  return inspect_certificate(blocks.back()).issuer_cn;
}

std::string chain_without_leaf(const std::string& chain_pem) {
  const auto blocks = split_pem_chain(chain_pem);
  std::string out;
  for (std::size_t i = 1; i < blocks.size(); ++i) out += blocks[i];
  return out;
}

}  // namespace

Issuer::Issuer(AcmeClient& client, std::vector<ChallengeSolver*> solvers, ProgressCallback progress)
    : client_(client),
      solvers_(std::move(solvers)),
      progress_(std::move(progress)),
      claims_(std::make_shared<OrderClaims>()) {}

IssuedCertificate Issuer::obtain(const ObtainRequest& request) {
  throw_if_interrupted();  // a run told to stop starts no new order (renew --all, several -d)
  const std::vector<Identifier>& identifiers = request.csr ? request.csr->identifiers : request.identifiers;
  if (identifiers.empty()) throw Error(ErrorKind::usage, "no domain given: pass at least one -d NAME");
  const std::string main_name = identifiers.front().value;
  auto report = [&](const std::string& name, const std::string& event) {
    if (progress_) progress_(name, event);
  };

  // Key generation runs while the CA validates: an RSA 4096 key takes longer than a whole order on a fast CA.
  std::future<PrivateKey> key_future;
  if (!request.csr && !request.reuse_key) {
    key_future =
        std::async(std::launch::async, [type = request.key_type] { return PrivateKey::generate(type); });
  }

  Order order = place_order(client_, identifiers, request.order_options);
  // Boulder answers an identical newOrder with the order still pending or ready, so two certificates of
  // this run can be handed one order. One order makes one certificate: the second waits for the first
  // to be done with it, then orders again, and is given a new one (the old one is valid or invalid now).
  while (!claims_->claim_order(order.url)) {
    report(main_name,
           "the CA answered with the order another certificate of this run is using; waiting for it");
    claims_->wait_for_order_release(order.url);
    order = place_order(client_, identifiers, request.order_options);
  }
  const OrderClaim claim(*claims_, order.url, order.authorizations);
  const void* const solver_id = &claim;  // names this obtain's claims to answer shared challenges
  report(main_name, "order created");
  // RFC 8555 §7.1.3: a CA that reused valid authorizations for every name answers "ready" at once; say
  // so, or a run that validated nothing looks like one whose challenges went missing.
  if (order.status == "ready") report(main_name, "already authorized: the CA reused earlier validations");

  std::vector<PlannedChallenge> planned;
  std::vector<std::string> pending_authorizations;
  std::vector<std::string> solved_elsewhere;   // pending, its challenge answered by another order of the run
  std::vector<std::string> claimed_to_answer;  // pending, and this obtain answers its challenge
  // Leave no pending authorization behind to count against the CA's limits (RFC 8555 §7.5.2), whatever
  // step fails: no usable challenge, a solver that cannot present, or a failed validation.
  // Issue 17, finding 5: nothing acts on an identifier the order did not ask for, and from here on the
  // name is the order's own spelling, not the CA's.
  auto as_ordered = [&](Authorization& authorization) {
    Identifier ordered = ordered_identifier_of(authorization, identifiers);
    authorization.identifier.value = authorization.wildcard ? ordered.value.substr(2) : ordered.value;
    return ordered;
  };
  // Answers a challenge another certificate of this run claimed and then gave up on (its order failed
  // before answering): without this the authorization stays pending until the poll gives up minutes
  // later, and this certificate fails for the other's reason. Cleans up after its validation.
  auto take_over = [&](const std::string& url) -> std::optional<PlannedChallenge> {
    Authorization authorization = client_.get_authorization(url);
    if (authorization.status != "pending") return std::nullopt;  // validated or failed: the poll says which
    const Identifier ordered = as_ordered(authorization);
    try {
      PlannedChallenge plan = plan_challenge(client_, solvers_, authorization, ordered, url);
      plan.solver->present({plan.task});
      try {
        client_.respond_to_challenge(plan.challenge_url);
      } catch (...) {
        plan.solver->cleanup({plan.task});
        throw;
      }
      claims_->mark_answered(url, solver_id);
      report(display(authorization), plan.task.type +
                                         " challenge served, taken over from the other certificate "
                                         "of this run that failed before answering it");
      return plan;
    } catch (...) {
      claims_->abandon_solving(url, solver_id);
      throw;
    }
  };
  auto deactivate_pending = [&] {
    for (const auto& url : pending_authorizations) {
      // Boulder gives a new order the pending authorizations of earlier ones: one another certificate of
      // this run still waits on is left for it (and for the CA's own expiry if that one fails too).
      if (claims_->held_by_another(url)) {
        spdlog::info(
            "leaving the pending authorization {} for the other certificate of this run that needs it", url);
        continue;
      }
      try {
        if (client_.get_authorization(url).status == "pending") client_.deactivate_authorization(url);
      } catch (const Error& e) {
        // Harmless for this run (the authorization expires on its own), but the CA counts it against
        // pending-authorization limits, so say what it answered rather than hide it at debug level.
        spdlog::warn("could not deactivate the pending authorization {}: {}", url, e.what());
      }
    }
  };
  try {
    if (order.status == "pending") {
      // Issue 18: the authorizations are independent of each other, so all are fetched at once; an
      // order of ten names waits one round trip for them, not ten. They are then looked at in the
      // order's order, so a failure is reported (and earlier ones deactivated) as if fetched one by one.
      std::vector<std::optional<Authorization>> fetched(order.authorizations.size());
      const auto fetch_failures = run_concurrently(order.authorizations.size(), [&](std::size_t index) {
        fetched[index] = client_.get_authorization(order.authorizations[index]);
      });
      for (std::size_t index = 0; index < order.authorizations.size(); ++index) {
        const std::string& url = order.authorizations[index];
        if (fetch_failures[index]) std::rethrow_exception(fetch_failures[index]);
        Authorization authorization = std::move(*fetched[index]);
        const Identifier ordered = as_ordered(authorization);
        // RFC 8555 §7.1.3 / §7.5: an authorization the CA reused may already be valid; nothing to solve.
        if (authorization.status == "valid") {
          report(display(authorization), "already authorized");
          continue;
        }
        if (authorization.status != "pending") {
          throw Error(ErrorKind::ca, display(authorization) + ": the CA's authorization is " +
                                         printable(authorization.status));
        }
        pending_authorizations.push_back(url);
        if (!claims_->claim_solving(url, solver_id)) {
          solved_elsewhere.push_back(url);
          report(display(authorization),
                 "shared with another certificate of this run, which answers its challenge");
          continue;
        }
        claimed_to_answer.push_back(url);
        planned.push_back(plan_challenge(client_, solvers_, authorization, ordered, url));
      }
    }

    {
      PresentedChallenges presented;
      // All authorizations of the order are solved at once: one present() per solver with every task.
      std::map<ChallengeSolver*, std::vector<ChallengeTask>> by_solver;
      for (const auto& plan : planned) by_solver[plan.solver].push_back(plan.task);
      for (auto& [solver, tasks] : by_solver) {
        solver->present(tasks);
        presented.add(solver, tasks);
      }
      // Issue 18: every challenge is answered and its authorization polled at the same time, each on
      // its own thread (RFC 8555 §7.5.1: the CA validates them independently), so an order waits for
      // its slowest validation, not the sum of them. Those another order of this run answers are polled
      // alongside.
      const std::size_t answered = planned.size();
      std::atomic<bool> step_failed{false};
      auto step = [&](std::size_t index) {
        std::optional<PlannedChallenge> taken_over;
        bool challenge_valid = false;  // the CA's answer to our challenge POST already said so
        if (index < answered) {
          const PlannedChallenge& plan = planned[index];
          try {
            challenge_valid = client_.respond_to_challenge(plan.challenge_url).status == "valid";
          } catch (...) {
            claims_->abandon_solving(plan.authorization_url, solver_id);  // at once: another may take over
            throw;
          }
          claims_->mark_answered(plan.authorization_url, solver_id);
          report((plan.task.wildcard ? "*." : "") + plan.task.identifier.value,
                 plan.task.type + " challenge served");
        } else {
          // Polling before the other certificate answers would only spend requests; if it gives up,
          // answer the challenge here (a third certificate may have taken it over first: wait again).
          // An order one of whose validations failed is lost: it waits for no other certificate.
          const std::string& url = solved_elsewhere[index - answered];
          auto answer = OrderClaims::Answer::abandoned;
          while ((answer = claims_->wait_for_answer(url, [&] { return step_failed.load(); })) ==
                 OrderClaims::Answer::abandoned) {
            if (claims_->claim_solving(url, solver_id)) {
              taken_over = take_over(url);
              break;
            }
          }
          if (answer == OrderClaims::Answer::stopped) return;
        }
        const std::string& url =
            index < answered ? planned[index].authorization_url : solved_elsewhere[index - answered];
        try {
          Authorization done = client_.wait_for_authorization(url, challenge_valid);
          report(display(done), "validated");
        } catch (...) {
          if (taken_over) taken_over->solver->cleanup({taken_over->task});
          throw;
        }
        if (taken_over) taken_over->solver->cleanup({taken_over->task});
      };
      rethrow_first_failure(run_concurrently(answered + solved_elsewhere.size(), [&](std::size_t index) {
        try {
          step(index);
        } catch (...) {
          step_failed = true;
          claims_->wake_waiters();
          throw;
        }
      }));
    }
  } catch (const Error&) {
    // Claims this obtain made but never answered go to whoever else waits on them (a no-op for the
    // answered ones), before the deactivation, which leaves those another certificate holds.
    for (const auto& url : claimed_to_answer) claims_->abandon_solving(url, solver_id);
    deactivate_pending();
    throw;
  }

  // RFC 8555 §7.1.6: an order whose authorizations are all valid is ready. Every authorization was
  // valid or has just been seen valid, so finalize at once instead of fetching the order to be told so
  // (one round trip per certificate); a CA that has not caught up answers orderNotReady, and then we wait.
  const bool assumed_ready = order.status == "pending";
  if (assumed_ready) {
    order.status = "ready";
  } else if (order.status != "ready" && order.status != "valid") {
    order = client_.wait_for_order(order.url, "ready");
  }

  IssuedCertificate issued;
  issued.identifiers = identifiers;
  std::string csr_der;
  if (request.csr) {
    csr_der = request.csr->der;
  } else {
    issued.key = request.reuse_key ? *request.reuse_key : key_future.get();
    csr_der = make_csr_der(*issued.key, identifiers, request.must_staple);
  }

  if (order.status == "ready") {
    try {
      try {
        order = client_.finalize(order, csr_der);
      } catch (const Error& e) {
        if (!assumed_ready || !e.problem() || !e.problem()->is("orderNotReady")) throw;
        order = client_.wait_for_order(order.url, "ready");
        if (order.status == "ready") order = client_.finalize(order, csr_der);
      }
    } catch (const Error& e) {
      if (!e.problem()) throw;
      if (e.problem()->is("invalidProfile")) {
        throw Error(e.kind(),
                    e.what() + invalid_profile_advice(client_.directory(), request.order_options.profile),
                    *e.problem());
      }
      if (request.must_staple && refuses_must_staple(*e.problem())) {
        throw Error(e.kind(), std::string(e.what()) + must_staple_refusal_advice(), *e.problem());
      }
      if (!request.csr && refuses_public_key(*e.problem())) {
        throw Error(e.kind(), std::string(e.what()) + public_key_refusal_advice(request.key_type),
                    *e.problem());
      }
      if (request.must_staple) {
        throw Error(e.kind(),
                    std::string(e.what()) +
                        "\n  (if it is the OCSP Must-Staple extension the CA refuses, obtain without "
                        "--must-staple: Let's Encrypt has not issued Must-Staple certificates since 2025)",
                    *e.problem());
      }
      throw;
    }
    if (order.status != "valid") {
      // Let's Encrypt issues in a second or two, ZeroSSL may take minutes: say what the run waits for.
      const auto timeout =
          std::chrono::duration_cast<std::chrono::seconds>(client_.options().issuance_timeout);
      report(main_name, "finalized; the order is " + printable(order.status) +
                            ", waiting for the CA to issue the certificate (up to " +
                            std::to_string(timeout.count()) + " s, --cert.timeout)");
      order = client_.wait_for_issuance(order);
    }
  }
  if (order.certificate.empty())
    throw Error(ErrorKind::protocol, "the CA's valid order " + order.url + " has no certificate URL");

  CertificateChain chain = client_.download_certificate(order.certificate);
  // Issue 17, finding 2: before anyone stores it, the certificate is for our key and the order's names.
  check_issued_certificate(chain.pem, csr_der, identifiers);
  issued.certificate_url = order.certificate;
  if (chain.alternate_urls.size() > kMaxAlternateChains) {
    spdlog::debug("the CA offers {} alternate chains; acmecli considers the first {}",
                  chain.alternate_urls.size(), kMaxAlternateChains);
    chain.alternate_urls.resize(kMaxAlternateChains);
  }
  issued.alternate_urls = chain.alternate_urls;
  if (!request.preferred_chain.empty() && top_issuer_cn(chain.pem) != request.preferred_chain) {
    for (const auto& url : chain.alternate_urls) {
      // An alternate is a nicety (RFC 8555 §7.4.2): one that cannot be fetched, or that is not for our
      // key and names, is passed over, and the certificate already issued is kept.
      try {
        CertificateChain alternate = client_.download_certificate(url);
        check_issued_certificate(alternate.pem, csr_der, identifiers);
        if (top_issuer_cn(alternate.pem) == request.preferred_chain) {
          chain.pem = std::move(alternate.pem);
          break;
        }
      } catch (const Error& e) {
        spdlog::warn("{}: skipping the alternate chain {}: {}", main_name, printable(url), e.what());
      }
    }
  }
  issued.certificate_pem = std::move(chain.pem);
  issued.issuer_pem = chain_without_leaf(issued.certificate_pem);
  report(main_name, "certificate issued");
  return issued;
}

}  // namespace acmecli
