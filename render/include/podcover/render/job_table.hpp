// A job read from a TOML table already parsed: a series volume, its manifest's defaults merged
// with the volume's own keys (docs/series.md). Apart from job.hpp so that only its users need
// toml++'s headers.
#pragma once

#include <filesystem>

#include <toml++/toml.h>

#include "podcover/render/job.hpp"

namespace podcover::render {

// Reads and checks the table as read_job_file reads a file; errors name `path` and the lines
// the table's nodes were read from (nodes moved between tables keep their lines).
Job parse_job_table(const toml::table& root, const std::filesystem::path& path);

}  // namespace podcover::render
