// Reading an interior PDF's page count and page size (qpdf), so that a job can name its
// interior instead of stating trim and pages.
#pragma once

#include <filesystem>

#include "podcover/length.hpp"

namespace podcover::render {

struct Interior {
    int pages = 0;
    Size page_size;  // the first page's TrimBox, or its MediaBox without one
    bool from_trim_box = false;
    bool uniform = true;  // every page has the first page's size
};

// Throws InputError naming the file when it is not a PDF podcover can read.
Interior read_interior(const std::filesystem::path& path);

}  // namespace podcover::render
