import type { Actor } from '../shared';
import { specOf } from '../testing/decider-spec';
import { decideEmployee, type DirectoryFacts, type EmployeeCommand } from './employee.decide';
import { EmployeeChanged, EmployeeOffboarded, EmployeeRegistered, NotificationSettingsChanged } from './employee.events';
import { evolveEmployee, noEmployee } from './employee.evolve';

const given = specOf({ decide: decideEmployee, evolve: evolveEmployee, initial: noEmployee });
const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const free: DirectoryFacts = { emailTaken: false, managerExists: true };
const details = { name: 'Priya Shah', email: 'Priya@Example.com', department: 'Product Management', title: 'PM' };
const register = (overrides: Partial<EmployeeCommand & { type: 'RegisterEmployee' }> = {}): EmployeeCommand => ({
  type: 'RegisterEmployee',
  actor: hr,
  id: 'pm-1',
  details,
  facts: free,
  ...overrides,
});
const registered = EmployeeRegistered({
  employeeId: 'pm-1',
  name: 'Priya Shah',
  email: 'priya@example.com',
  department: 'Product Management',
  title: 'PM',
  managerId: null,
});

describe('employees', () => {
  it('registers an employee with a normalised email', () => {
    given().when(register()).then(registered);
  });

  it('lets only HR, ADMIN and INTEGRATION manage the directory', () => {
    given().when(register({ actor: { id: 'rep-1', roles: [] } })).thenRejects('FORBIDDEN');
    given().when(register({ actor: { id: 'ceo', roles: ['EXECUTIVE'] } })).thenRejects('FORBIDDEN');
    given().when(register({ actor: { id: 'hris', roles: ['INTEGRATION'] } })).then(registered);
  });

  it('refuses to register the same id twice', () => {
    given(registered).when(register()).thenRejects('ALREADY_EXISTS');
  });

  it('refuses an email that another employee holds', () => {
    given().when(register({ facts: { ...free, emailTaken: true } })).thenRejects('ALREADY_EXISTS', 'email');
  });

  it('refuses malformed ids, names and emails, naming the field', () => {
    given().when(register({ id: 'has space' })).thenRejects('BAD_USER_INPUT', 'id');
    given().when(register({ details: { ...details, name: ' ' } })).thenRejects('BAD_USER_INPUT', 'name');
    given().when(register({ details: { ...details, email: 'nope' } })).thenRejects('BAD_USER_INPUT', 'email');
  });

  it('refuses a manager who is not registered, or the employee themselves', () => {
    given().when(register({ details: { ...details, managerId: 'ghost' }, facts: { ...free, managerExists: false } })).thenRejects('NOT_FOUND', 'managerId');
    given().when(register({ details: { ...details, managerId: 'pm-1' } })).thenRejects('BAD_USER_INPUT', 'managerId');
  });

  it('records only what a change actually changes', () => {
    const change = (changes: object): EmployeeCommand => ({ type: 'ChangeEmployee', actor: hr, id: 'pm-1', changes, facts: free });
    given(registered).when(change({ title: 'Senior PM', name: 'Priya Shah' })).then(EmployeeChanged({ employeeId: 'pm-1', title: 'Senior PM' }));
    given(registered).when(change({ name: 'Priya Shah' })).then();
    given().when(change({ title: 'x' })).thenRejects('NOT_FOUND');
  });

  it('offboards once, with a reason, and keeps offboarded employees from being changed', () => {
    const offboard = (reason = 'left the company'): EmployeeCommand => ({ type: 'OffboardEmployee', actor: hr, id: 'pm-1', reason });
    const offboarded = EmployeeOffboarded({ employeeId: 'pm-1', reason: 'left the company' });
    given(registered).when(offboard()).then(offboarded);
    given(registered).when(offboard(' ')).thenRejects('BAD_USER_INPUT', 'reason');
    given(registered, offboarded).when(offboard()).thenRejects('INVALID_STATE');
    given(registered, offboarded)
      .when({ type: 'ChangeEmployee', actor: hr, id: 'pm-1', changes: { title: 'x' }, facts: free })
      .thenRejects('INVALID_STATE');
  });
});

describe('notification settings', () => {
  const priya: Actor = { id: 'pm-1', roles: [] };
  const change = (changes: object, actor: Actor = priya): EmployeeCommand => ({ type: 'ChangeNotificationSettings', actor, id: 'pm-1', changes });

  it('records the whole setting, starting from email and chat on and nothing muted', () => {
    given(registered)
      .when(change({ chat: false, muted: ['NEAR_MISS', 'CREDITED', 'NEAR_MISS'] }))
      .then(NotificationSettingsChanged({ employeeId: 'pm-1', email: true, chat: false, muted: ['CREDITED', 'NEAR_MISS'] }));
  });

  it('lets only the person change their settings, not even HR', () => {
    given(registered).when(change({ email: false }, hr)).thenRejects('FORBIDDEN');
    given(registered).when(change({ email: false }, { id: 'admin', roles: ['ADMIN'] })).thenRejects('FORBIDDEN');
  });

  it('records nothing when nothing changes', () => {
    const muted = NotificationSettingsChanged({ employeeId: 'pm-1', email: true, chat: true, muted: ['NEAR_MISS'] });
    given(registered, muted).when(change({ email: true, muted: ['NEAR_MISS'] })).then();
  });

  it('refuses settings for someone not registered', () => {
    given().when(change({ email: false })).thenRejects('NOT_FOUND');
  });
});
