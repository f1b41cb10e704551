// Plain-text tables for terminal output, aligned by display width (UTF-8 aware).
#pragma once

#include <string>
#include <vector>

namespace podcover::cli {

// The number of terminal columns a UTF-8 string takes (one per code point).
std::size_t display_width(const std::string& text);

class TextTable {
  public:
    void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
    // Rows, columns separated by two spaces, each line indented.
    std::string render(const std::string& indent = "") const;

  private:
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace podcover::cli
