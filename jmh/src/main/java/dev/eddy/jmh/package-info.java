/** JMH benchmarks for Eddy; see docs/performance.md for how to run them and the results. */
package dev.eddy.jmh;
