// The command line in podcover's words. CLI11 parses; what it leaves over or trips on is
// named here, one line each (`what is wrong: the value; how to fix it`, docs/exit-codes.md):
// an unknown option with the nearest known one, an option without its value, a value with
// spaces that needs quotes, an option given twice, what is missing.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace podcover::cli {

// Parses argv into `app` and its commands. Throws UsageError for the first mistake, in the
// order a user fixes them: an unknown command, an option without its value, an unknown
// option, an unexpected argument, an option given twice, what is missing. CLI11's
// CallForHelp, CallForAllHelp and CallForVersion pass through for main to print.
void parse_command_line(CLI::App& app, int argc, const char* const* argv);

}  // namespace podcover::cli
