// What toml++ raises when its own consistency checks fail on damaged input (toml_impl.cpp), for
// parse_toml to report as an input error rather than crash.
#pragma once

#include <stdexcept>

namespace podcover::detail {

class TomlCheckFailed : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace podcover::detail
