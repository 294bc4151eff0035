/**
 * Which deal a credit is on: a credit is named by its id alone in a dispute, and only the read side indexes credits
 * by id. The deal's own stream then answers everything else about it.
 */
export abstract class CreditLocator {
  abstract dealOf(creditId: string): Promise<string | undefined>;
}
