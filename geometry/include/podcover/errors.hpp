// podcover's error types. Libraries throw these; only the command line's main() turns them
// into exit codes (docs/exit-codes.md). Every message is one line that says what is wrong,
// the value, and how to fix it, without the "podcover: " prefix main() adds.
#pragma once

#include <stdexcept>
#include <string>

namespace podcover {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A value that cannot be read: a length, a size, a page count. The message names the value;
// callers that know where it came from (an option, a file and key) wrap it in a UsageError
// or an InputError.
class ValueError : public Error {
  public:
    using Error::Error;
};

// The command line is wrong: an unknown option, a missing or malformed value.
class UsageError : public Error {
  public:
    using Error::Error;
};

// An input file cannot be read or is not valid: names the file and, where known, the line
// and the key.
class InputError : public Error {
  public:
    using Error::Error;
};

// The printer does not offer what was asked for (a trim, a paper, a page count, a binding).
class RefusedError : public Error {
  public:
    using Error::Error;
};

// An output could not be written.
class OutputError : public Error {
  public:
    using Error::Error;
};

}  // namespace podcover
