/**
 * Selections several pages ask for, written once. A query spreads the fragment (`...ThresholdResults`) and
 * appends its text (`${THRESHOLD_RESULTS}`).
 */
export const PROGRAM_FACTS = /* GraphQL */ `
  fragment ProgramFacts on AwardProgram {
    id
    name
    description
    status
    periodStart
    periodEnd
    audienceDepartments
  }
`;

export const CRITERIA_SUMMARY = /* GraphQL */ `
  fragment CriteriaSummary on Criteria {
    version
    thresholds {
      metric
      atLeast
      kind
    }
    rankBy
    maxWinners
  }
`;

export const CRITERIA_RULES = /* GraphQL */ `
  fragment CriteriaRules on Criteria {
    ...CriteriaSummary
    kindPoints {
      kind
      points
    }
    dealTypeMultipliers {
      type
      multiplier
    }
    productMultipliers {
      product
      multiplier
    }
    excludeFlaggedDeals
    requireActive
  }
  ${CRITERIA_SUMMARY}
`;

export const THRESHOLD_RESULTS = /* GraphQL */ `
  fragment ThresholdResults on Standing {
    thresholds {
      threshold {
        metric
        atLeast
        kind
      }
      actual
      met
      progress
    }
  }
`;

export const METRIC_VALUES = /* GraphQL */ `
  fragment MetricValues on Standing {
    metrics {
      metric
      kind
      value
    }
  }
`;
