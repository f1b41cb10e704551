// podcover's exit codes (docs/exit-codes.md, and the footer of `podcover --help`).
#pragma once

#include <exception>

#include "podcover/errors.hpp"

namespace podcover::cli {

enum ExitCode : int {
    exit_ok = 0,        // done; warnings and notes may have been printed
    exit_refused = 1,   // a printer does not offer the book (spec) or a cover fails (check)
    exit_usage = 2,     // the command line is wrong
    exit_input = 3,     // an input file cannot be read or is not valid
    exit_output = 4,    // an output cannot be written
    exit_internal = 5,  // a bug in podcover: please report it
};

// The exit code of an error podcover throws: main() ends with it, and adapt gives each cover
// of a batch its own.
inline int exit_code_of(const std::exception& error) {
    if (dynamic_cast<const UsageError*>(&error))
        return exit_usage;
    if (dynamic_cast<const InputError*>(&error))
        return exit_input;
    if (dynamic_cast<const RefusedError*>(&error))
        return exit_refused;
    if (dynamic_cast<const OutputError*>(&error))
        return exit_output;
    return exit_internal;
}

inline constexpr const char* exit_codes_help =
    "Exit codes:\n"
    "  0  done (warnings and notes may have been printed)\n"
    "  1  a printer does not offer the book, or a cover fails a printer's check\n"
    "  2  usage error: an unknown option, command, paper, binding or printer, a missing or\n"
    "     malformed value\n"
    "  3  an input file (printer file, job file, cover or interior PDF) cannot be read or is\n"
    "     not valid\n"
    "  4  an output cannot be written\n"
    "  5  internal error: a bug in podcover";

}  // namespace podcover::cli
