/**
 * The S3 transfer benchmark: Pedigree's S3 backend next to rclone, both copying the same data to
 * the same S3Proxy server on loopback in the same run. Run it with {@code bench/run-s3.sh}.
 */
package dev.pedigree.bench.s3;
