// Amazon Route 53 through its REST API (https://docs.aws.amazon.com/Route53/latest/APIReference/),
// requests signed with AWS Signature Version 4 (aws_signature.hpp), answers in XML (util/xml_reader.hpp).
// lego's variables: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION,
// AWS_HOSTED_ZONE_ID, AWS_PRIVATE_ZONE, AWS_MAX_RETRIES, AWS_WAIT_FOR_RECORD_SETS_CHANGED, AWS_TTL (10),
// AWS_PROPAGATION_TIMEOUT (120), AWS_POLLING_INTERVAL (4); AWS_ENDPOINT_URL_ROUTE_53 or AWS_ENDPOINT_URL
// (the AWS SDKs' own) move the endpoint. The hosted zone is found with ListHostedZonesByName unless
// AWS_HOSTED_ZONE_ID names it; a name's TXT RRset is read with ListResourceRecordSets and written whole
// with ChangeResourceRecordSets: UPSERT with what it held plus our values, and in cleanup UPSERT with
// what is left, or DELETE when only ours were there; then GetChange until the change is INSYNC.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/dns01.hpp"
#include "acmecli/http.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/aws_signature.hpp"
#include "dns/providers/provider_timings.hpp"
#include "dns/providers/txt_values.hpp"
#include "dns/providers/rest_client.hpp"

namespace acmecli::dns {

struct Route53Config {
  AwsCredentials credentials;  // AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
  std::string region;          // AWS_REGION; empty: the global partition
  std::string endpoint = "https://route53.amazonaws.com";  // AWS_ENDPOINT_URL_ROUTE_53, AWS_ENDPOINT_URL
  std::string signing_region = "us-east-1";  // Route 53 is global: its partition's one region signs
  std::string hosted_zone_id;                // AWS_HOSTED_ZONE_ID; empty: looked up by name
  bool private_zone = false;    // AWS_PRIVATE_ZONE: look up private hosted zones instead of public ones
  bool wait_for_change = true;  // AWS_WAIT_FOR_RECORD_SETS_CHANGED: GetChange until INSYNC
  int max_retries = 5;          // AWS_MAX_RETRIES: attempts in all for a throttled or failed call
  // AWS_TTL, AWS_PROPAGATION_TIMEOUT, AWS_POLLING_INTERVAL (lego's defaults)
  ProviderTimings timings{.ttl = std::chrono::seconds(10),
                          .propagation_timeout = std::chrono::seconds(120),
                          .polling_interval = std::chrono::seconds(4)};
};

Route53Config read_route53_config(const ProviderEnv& env);

// The provider's own words in a Route 53 error answer: "<Code>: <Message>" of an ErrorResponse, the
// messages of an InvalidChangeBatch; an excerpt of anything else.
std::string describe_route53_error(std::string_view body);

class Route53Provider final : public TimedDnsProvider {
 public:
  Route53Provider(Route53Config config, std::shared_ptr<Transport> transport,
                  std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "route53"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  using Change = TxtChange;
  struct RecordSet {
    long ttl = 0;
    std::vector<std::string> values;  // as Route 53 keeps them: quoted
  };
  std::string hosted_zone_for(const ChallengeRecord& record);
  RecordSet read_txt(const std::string& zone_id, const std::string& name);
  void change(const ChallengeRecord& record, Change change);
  void wait_until_in_sync(const std::string& change_id, const std::string& what);

  Route53Config config_;
  std::shared_ptr<Clock> clock_;
  RestClient rest_;
};

}  // namespace acmecli::dns
