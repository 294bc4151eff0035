export function ProgramDashboard() { return <p>ProgramDashboard</p>; }
