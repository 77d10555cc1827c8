/**
 * Testing asynchronous code on Eddy, with any test framework: a loop on virtual time, a
 * deadline that names what was pending, leak checks, and log capture.
 *
 * <p>Start reading at {@link dev.eddy.testing.TestLoop} (what a test uses), then
 * {@link dev.eddy.testing.VirtualClock} (time that jumps to the next timer when the loop has
 * nothing to do; the loop's side is {@link dev.eddy.LoopClock.Jumping}), then
 * {@link dev.eddy.testing.ResourceTracker} (what the loop reports in test mode, through
 * {@link dev.eddy.LoopTracker}) and {@link dev.eddy.testing.LogCapture}; a test that needs a
 * real loop running while its own thread does something else uses
 * {@link dev.eddy.testing.LoopOnThread}. The network
 * simulation comes last: {@link dev.eddy.testing.SimulatedNetwork} (connections whose every
 * split, delay and reset is drawn from a seed, on virtual time), its
 * {@link dev.eddy.testing.SimulatedTransport} ends, {@code SimulatedFlow} (one direction) and
 * {@code NetworkTrace}, and the {@link dev.eddy.testing.NetworkFaults} it draws within. The
 * chapter that goes with it: {@code docs/09-testing-on-virtual-time.md}.
 *
 * <p>Nothing here is used by production code, and production loops pay nothing for it: a
 * loop gets a tracker or a jumping clock only when a test gives it one.
 */
package dev.eddy.testing;
