// The ARI answer remembered between runs, kept in the certificate's .json under "renewalInfo".
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "acmecli/clock.hpp"
#include "acme/json.hpp"
#include "acmecli/renewal.hpp"

namespace acmecli {

namespace {

std::int64_t unix_seconds(TimePoint time) { return std::chrono::system_clock::to_time_t(time); }

std::optional<TimePoint> time_member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsInt64()) return std::nullopt;
  return time_from_unix_seconds(it->value.GetInt64());
}

}  // namespace

std::string RenewalInfoState::to_json() const {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  auto string_field = [&](const char* name, const std::string& value) {
    writer.Key(name);
    writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  auto time_field = [&](const char* name, TimePoint value) {
    writer.Key(name);
    writer.Int64(unix_seconds(value));
  };
  writer.StartObject();
  string_field("certID", certificate_id);
  time_field("windowStart", window.start);
  time_field("windowEnd", window.end);
  time_field("selectedTime", selected_time);
  time_field("nextCheck", next_check);
  if (!explanation_url.empty()) string_field("explanationURL", explanation_url);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::optional<RenewalInfoState> RenewalInfoState::from_json(std::string_view text) {
  if (text.empty()) return std::nullopt;
  rapidjson::Document document;
  document.Parse(text.data(), text.size());
  if (document.HasParseError() || !document.IsObject()) return std::nullopt;
  RenewalInfoState state;
  state.certificate_id = json::string_member(document, "certID");
  auto start = time_member(document, "windowStart");
  auto end = time_member(document, "windowEnd");
  auto selected = time_member(document, "selectedTime");
  auto next_check = time_member(document, "nextCheck");
  if (state.certificate_id.empty() || !start || !end || !selected || !next_check) return std::nullopt;
  state.window = {*start, *end};
  state.selected_time = *selected;
  state.next_check = *next_check;
  state.explanation_url = json::string_member(document, "explanationURL");
  return state;
}

RenewalInfoState update_renewal_state(const std::optional<RenewalInfoState>& previous,
                                      std::string_view certificate_id, const RenewalInfo& answer,
                                      double random_fraction) {
  RenewalInfoState state;
  state.certificate_id = std::string(certificate_id);
  state.window = answer.suggested_window;
  state.next_check = answer.next_check;
  state.explanation_url = answer.explanation_url;
  const bool same_window = previous && previous->certificate_id == certificate_id &&
                           // Compared in whole seconds, the precision the .json keeps.
                           unix_seconds(previous->window.start) == unix_seconds(answer.suggested_window.start) &&
                           unix_seconds(previous->window.end) == unix_seconds(answer.suggested_window.end);
  state.selected_time = same_window ? previous->selected_time
                                    : choose_time_in_window(answer.suggested_window, random_fraction);
  return state;
}

}  // namespace acmecli
