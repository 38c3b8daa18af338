// Text that came from outside (a CA's problem document, a token, a URL, an http-01 request line) is
// shown to a person or written to a log only through printable(), so it cannot move the cursor, clear
// the screen, recolour the terminal or forge a line of acmecli's own ("ok: written to ...").
#pragma once

#include <string>
#include <string_view>

namespace acmecli {

// The text with every control character made visible: CR, LF and TAB as \r, \n and \t, the other C0
// controls, DEL and bytes that are not valid UTF-8 as \xHH, the C1 controls (U+0080..U+009F) and the
// bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069, which reorder what a terminal
// shows) as \u{HHHH}. Printable ASCII and other valid UTF-8 are kept, so "bücher.example" stays readable.
// A backslash is kept too: the point is that nothing reaches the terminal raw, not a reversible encoding,
// and escaping text twice changes nothing.
std::string printable(std::string_view text);

}  // namespace acmecli
