/**
 * The {@code publication} system contract: datasets and their versioned records.
 * <p>
 * State keys (UTF-8 text, {@code '/'}-separated; {@code <v>} is 8 bytes big-endian):
 * <ul>
 *   <li>{@code ds/<dataset>} → {@code Dataset}</li>
 *   <li>{@code rec/<dataset>/<record>/latest} → {@code RecordVersion}, the latest version</li>
 *   <li>{@code rec/<dataset>/<record>/v/<v>} → {@code RecordVersion}, a superseded version, written once
 *       (when a newer one replaces it as the latest) and never rewritten</li>
 * </ul>
 * See {@link io.meshledger.contracts.publication.PublicationKeys} for the exact bytes.
 */
package io.meshledger.contracts.publication;
