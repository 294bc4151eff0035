export function ProgramEditor() { return <p>ProgramEditor</p>; }
