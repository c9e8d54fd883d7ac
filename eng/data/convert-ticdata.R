#!/usr/bin/env Rscript
# Regenerates data/ticdata/ticdata.csv from the `ticdata` data set of the R package kernlab (Debian package
# r-cran-kernlab), the CoIL Challenge 2000 / Insurance Company Benchmark (TIC) data from the UCI Machine Learning
# Repository (Putten and Someren, 2000; CC BY 4.0): 9,822 customers, 85 socio-demographic and product-ownership
# attributes and CARAVAN (whether the customer holds a caravan insurance policy, ~6% do). Rows 1-5,822 are the
# challenge's training set (TICDATA2000), rows 5,823-9,822 its evaluation set (TICEVAL2000 with TICTGTS2000).
#
# Factors (nominal and ordered) are written as their level labels, numbers as integers; no value is missing. The
# script checks the dimensions and the positive count, and prints the SHA-256 of the source .rda and of the CSV.
#
# Usage:
#   apt-get install r-base-core r-cran-kernlab
#   Rscript eng/data/convert-ticdata.R [OUT_DIR]      (default: data/ticdata next to this script's repository)
args <- commandArgs(trailingOnly = FALSE)
script <- normalizePath(sub("^--file=", "", args[grep("^--file=", args)]))
root <- dirname(dirname(dirname(script)))
trailing <- commandArgs(trailingOnly = TRUE)
out <- if (length(trailing) >= 1) trailing[1] else file.path(root, "data", "ticdata")

source_file <- system.file("data", "ticdata.rda", package = "kernlab")
if (!nzchar(source_file)) stop("kernlab's data/ticdata.rda was not found: install r-cran-kernlab.")
env <- new.env()
load(source_file, envir = env)
tic <- env$ticdata
if (!identical(dim(tic), c(9822L, 86L))) stop(sprintf("expected 9822 x 86, got %d x %d", nrow(tic), ncol(tic)))
positives <- sum(tic$CARAVAN == "insurance")
if (positives != 586) stop(sprintf("expected 586 insurance rows, got %d", positives))
if (anyNA(tic)) stop("ticdata has missing values; this script expects none")

for (name in names(tic)) {
  column <- tic[[name]]
  if (is.factor(column)) {
    tic[[name]] <- as.character(column)
  } else {
    if (any(column != round(column))) stop(sprintf("numeric column %s is not integral", name))
    tic[[name]] <- as.integer(column)
  }
}

dir.create(out, showWarnings = FALSE, recursive = TRUE)
target <- file.path(out, "ticdata.csv")
write.csv(tic, target, row.names = FALSE, fileEncoding = "UTF-8")
sha <- function(path) sub(" .*", "", system2("sha256sum", path, stdout = TRUE))
cat(sprintf("source %s sha256 %s\n", source_file, sha(source_file)))
cat(sprintf("wrote %s: %d rows (5822 train + 4000 evaluation), %d attributes + CARAVAN (%d factors, %d integers); %d insurance in all, %d in the first 5822\n",
  target, nrow(tic), ncol(tic) - 1, sum(sapply(tic, is.character)) - 1, sum(sapply(tic, is.integer)), positives,
  sum(tic$CARAVAN[1:5822] == "insurance")))
cat(sprintf("csv sha256 %s\n", sha(target)))
