/**
 * The {@code authorisation} system contract: READ, WRITE and ADMIN grants on
 * datasets, to one identity or to a whole organisation, with their full history
 * so an auditor can ask who held a right at any past height.
 * <p>
 * Rights are ordered: ADMIN implies WRITE, WRITE implies READ. A dataset's owner
 * holds every right without a grant. Layout of state: {@link io.meshledger.contracts.authorisation.AuthorisationKeys}.
 */
package io.meshledger.contracts.authorisation;
