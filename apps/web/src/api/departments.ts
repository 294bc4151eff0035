import { useQuery } from './use-query';

export interface Department {
  name: string;
  headCount: number;
}

const DEPARTMENTS = /* GraphQL */ `
  query Departments {
    departments {
      name
      headCount
    }
  }
`;

/** The directory's departments with their active head counts: filters and audiences choose from these, not free text. */
export const useDepartments = ({ skip = false } = {}) => useQuery<{ departments: Department[] }>(DEPARTMENTS, {}, { skip });
