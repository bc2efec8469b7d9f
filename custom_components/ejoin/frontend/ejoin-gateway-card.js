var w0=Object.create;var w1=Object.defineProperty;var P0=Object.getOwnPropertyDescriptor;var c5=(L,C)=>(C=Symbol[L])?C:Symbol.for("Symbol."+L),i1=L=>{throw TypeError(L)};var S5=(L,C,H)=>C in L?w1(L,C,{enumerable:!0,configurable:!0,writable:!0,value:H}):L[C]=H;var s5=(L,C)=>w1(L,"name",{value:C,configurable:!0});var i2=(L,C,H)=>()=>{if(H)throw H[0];try{return L&&(C=L(L=0)),C}catch(V){throw H=[V],V}};var B0=(L,C)=>{for(var H in C)w1(L,H,{get:C[H],enumerable:!0})};var E=L=>[,,,w0(L?.[c5("metadata")]??null)],h5=["class","method","getter","setter","accessor","field","value","get","set"],n1=L=>L!==void 0&&typeof L!="function"?i1("Function expected"):L,T0=(L,C,H,V,M)=>({kind:h5[L],name:C,metadata:V,addInitializer:r=>H._?i1("Already initialized"):M.push(n1(r||null))}),F=(L,C)=>S5(C,c5("metadata"),L[3]),d=(L,C,H,V)=>{for(var M=0,r=L[C>>1],e=r&&r.length;M<e;M++)C&1?r[M].call(H):V=r[M].call(H,V);return V},l=(L,C,H,V,M,r)=>{var e,i,t,A,m,a=C&7,s=!!(C&8),n=!!(C&16),S=a>3?L.length+1:a?s?1:2:0,B=h5[a+5],J=a>3&&(L[S-1]=[]),N=L[S]||(L[S]=[]),z=a&&(!n&&!s&&(M=M.prototype),a<5&&(a>3||!n)&&P0(a<4?M:{get[H](){return Z5(this,r)},set[H](R){return u5(this,r,R)}},H));a?n&&a<4&&s5(r,(a>2?"set ":a>1?"get ":"")+H):s5(M,H);for(var e2=V.length-1;e2>=0;e2--)A=T0(a,H,t={},L[3],N),a&&(A.static=s,A.private=n,m=A.access={has:n?R=>R0(M,R):R=>H in R},a^3&&(m.get=n?R=>(a^1?Z5:F0)(R,M,a^4?r:z.get):R=>R[H]),a>2&&(m.set=n?(R,t2)=>u5(R,M,t2,a^4?r:z.set):(R,t2)=>R[H]=t2)),i=(0,V[e2])(a?a<4?n?r:z[B]:a>4?void 0:{get:z.get,set:z.set}:M,A),t._=1,a^4||i===void 0?n1(i)&&(a>4?J.unshift(i):a?n?r=i:z[B]=i:M=i):typeof i!="object"||i===null?i1("Object expected"):(n1(e=i.get)&&(z.get=e),n1(e=i.set)&&(z.set=e),n1(e=i.init)&&J.unshift(e));return a||F(L,M),z&&w1(M,H,z),n?a^4?r:z:M},g=(L,C,H)=>S5(L,typeof C!="symbol"?C+"":C,H),o2=(L,C,H)=>C.has(L)||i1("Cannot "+H),R0=(L,C)=>Object(C)!==C?i1('Cannot use the "in" operator on this value'):L.has(C),Z5=(L,C,H)=>(o2(L,C,"read from private field"),H?H.call(L):C.get(L)),v=(L,C,H)=>C.has(L)?i1("Cannot add the same private member more than once"):C instanceof WeakSet?C.add(L):C.set(L,H),u5=(L,C,H,V)=>(o2(L,C,"write to private field"),V?V.call(L,H):C.set(L,H),H),F0=(L,C,H)=>(o2(L,C,"access private method"),H);var y1,N3=i2(()=>{y1=class{constructor(C){this._map=new Map,this._roundAverageSize=!1,this.totalSize=0,C?.roundAverageSize===!0&&(this._roundAverageSize=!0)}set(C,H){let V=this._map.get(C)||0;this._map.set(C,H),this.totalSize+=H-V}get averageSize(){if(this._map.size>0){let C=this.totalSize/this._map.size;return this._roundAverageSize?Math.round(C):C}return 0}getSize(C){return this._map.get(C)}clear(){this._map.clear(),this.totalSize=0}}});function $2(L){return L==="horizontal"?"width":"height"}var Y1,z3=i2(()=>{Y1=class{_getDefaultConfig(){return{direction:"vertical"}}constructor(C,H){this._latestCoords={left:0,top:0},this._direction=null,this._viewportSize={width:0,height:0},this.totalScrollSize={width:0,height:0},this.offsetWithinScroller={left:0,top:0},this._pendingReflow=!1,this._pendingLayoutUpdate=!1,this._pin=null,this._firstVisible=0,this._lastVisible=0,this._physicalMin=0,this._physicalMax=0,this._first=-1,this._last=-1,this._sizeDim="height",this._secondarySizeDim="width",this._positionDim="top",this._secondaryPositionDim="left",this._scrollPosition=0,this._scrollError=0,this._items=[],this._scrollSize=1,this._overhang=1e3,this._hostSink=C,Promise.resolve().then(()=>this.config=H||this._getDefaultConfig())}set config(C){Object.assign(this,Object.assign({},this._getDefaultConfig(),C))}get config(){return{direction:this.direction}}get items(){return this._items}set items(C){this._setItems(C)}_setItems(C){C!==this._items&&(this._items=C,this._scheduleReflow())}get direction(){return this._direction}set direction(C){C=C==="horizontal"?C:"vertical",C!==this._direction&&(this._direction=C,this._sizeDim=C==="horizontal"?"width":"height",this._secondarySizeDim=C==="horizontal"?"height":"width",this._positionDim=C==="horizontal"?"left":"top",this._secondaryPositionDim=C==="horizontal"?"top":"left",this._triggerReflow())}get viewportSize(){return this._viewportSize}set viewportSize(C){let{_viewDim1:H,_viewDim2:V}=this;Object.assign(this._viewportSize,C),V!==this._viewDim2?this._scheduleLayoutUpdate():H!==this._viewDim1&&this._checkThresholds()}get viewportScroll(){return this._latestCoords}set viewportScroll(C){Object.assign(this._latestCoords,C);let H=this._scrollPosition;this._scrollPosition=this._latestCoords[this._positionDim],Math.abs(H-this._scrollPosition)>=1&&this._checkThresholds()}reflowIfNeeded(C=!1){(C||this._pendingReflow)&&(this._pendingReflow=!1,this._reflow())}set pin(C){this._pin=C,this._triggerReflow()}get pin(){if(this._pin!==null){let{index:C,block:H}=this._pin;return{index:Math.max(0,Math.min(C,this.items.length-1)),block:H}}return null}_clampScrollPosition(C){return Math.max(-this.offsetWithinScroller[this._positionDim],Math.min(C,this.totalScrollSize[$2(this.direction)]-this._viewDim1))}unpin(){this._pin!==null&&(this._sendUnpinnedMessage(),this._pin=null)}_updateLayout(){}get _viewDim1(){return this._viewportSize[this._sizeDim]}get _viewDim2(){return this._viewportSize[this._secondarySizeDim]}_scheduleReflow(){this._pendingReflow=!0}_scheduleLayoutUpdate(){this._pendingLayoutUpdate=!0,this._scheduleReflow()}_triggerReflow(){this._scheduleLayoutUpdate(),Promise.resolve().then(()=>this.reflowIfNeeded())}_reflow(){this._pendingLayoutUpdate&&(this._updateLayout(),this._pendingLayoutUpdate=!1),this._updateScrollSize(),this._setPositionFromPin(),this._getActiveItems(),this._updateVisibleIndices(),this._sendStateChangedMessage()}_setPositionFromPin(){if(this.pin!==null){let C=this._scrollPosition,{index:H,block:V}=this.pin;this._scrollPosition=this._calculateScrollIntoViewPosition({index:H,block:V||"start"})-this.offsetWithinScroller[this._positionDim],this._scrollError=C-this._scrollPosition}}_calculateScrollIntoViewPosition(C){let{block:H}=C,V=Math.min(this.items.length,Math.max(0,C.index)),M=this._getItemPosition(V)[this._positionDim],r=M;if(H!=="start"){let e=this._getItemSize(V)[this._sizeDim];if(H==="center")r=M-.5*this._viewDim1+.5*e;else{let i=M-this._viewDim1+e;if(H==="end")r=i;else{let t=this._scrollPosition;r=Math.abs(t-M)<Math.abs(t-i)?M:i}}}return r+=this.offsetWithinScroller[this._positionDim],this._clampScrollPosition(r)}getScrollIntoViewCoordinates(C){return{[this._positionDim]:this._calculateScrollIntoViewPosition(C)}}_sendUnpinnedMessage(){this._hostSink({type:"unpinned"})}_sendVisibilityChangedMessage(){this._hostSink({type:"visibilityChanged",firstVisible:this._firstVisible,lastVisible:this._lastVisible})}_sendStateChangedMessage(){let C=new Map;if(this._first!==-1&&this._last!==-1)for(let V=this._first;V<=this._last;V++)C.set(V,this._getItemPosition(V));let H={type:"stateChanged",scrollSize:{[this._sizeDim]:this._scrollSize,[this._secondarySizeDim]:null},range:{first:this._first,last:this._last,firstVisible:this._firstVisible,lastVisible:this._lastVisible},childPositions:C};this._scrollError&&(H.scrollError={[this._positionDim]:this._scrollError,[this._secondaryPositionDim]:0},this._scrollError=0),this._hostSink(H)}get _num(){return this._first===-1||this._last===-1?0:this._last-this._first+1}_checkThresholds(){if(this._viewDim1===0&&this._num>0||this._pin!==null)this._scheduleReflow();else{let C=Math.max(0,this._scrollPosition-this._overhang),H=Math.min(this._scrollSize,this._scrollPosition+this._viewDim1+this._overhang);this._physicalMin>C||this._physicalMax<H?this._scheduleReflow():this._updateVisibleIndices({emit:!0})}}_updateVisibleIndices(C){if(this._first===-1||this._last===-1)return;let H=this._first;for(;H<this._last&&Math.round(this._getItemPosition(H)[this._positionDim]+this._getItemSize(H)[this._sizeDim])<=Math.round(this._scrollPosition);)H++;let V=this._last;for(;V>this._first&&Math.round(this._getItemPosition(V)[this._positionDim])>=Math.round(this._scrollPosition+this._viewDim1);)V--;(H!==this._firstVisible||V!==this._lastVisible)&&(this._firstVisible=H,this._lastVisible=V,C&&C.emit&&this._sendVisibilityChangedMessage())}}});var U3={};B0(U3,{FlowLayout:()=>J1,flow:()=>N2});function W3(L){return L==="horizontal"?"marginLeft":"marginTop"}function o7(L){return L==="horizontal"?"marginRight":"marginBottom"}function a7(L){return L==="horizontal"?"xOffset":"yOffset"}function A7(L,C){let H=[L,C].sort();return H[1]<=0?Math.min(...H):H[0]>=0?Math.max(...H):H[0]+H[1]}var N2,I2,J1,z2=i2(()=>{N3();z3();N2=L=>Object.assign({type:J1},L);I2=class{constructor(){this._childSizeCache=new y1,this._marginSizeCache=new y1,this._metricsCache=new Map}update(C,H){let V=new Set;Object.keys(C).forEach(M=>{let r=Number(M);this._metricsCache.set(r,C[r]),this._childSizeCache.set(r,C[r][$2(H)]),V.add(r),V.add(r+1)});for(let M of V){let r=this._metricsCache.get(M)?.[W3(H)]||0,e=this._metricsCache.get(M-1)?.[o7(H)]||0;this._marginSizeCache.set(M,A7(r,e))}}get averageChildSize(){return this._childSizeCache.averageSize}get totalChildSize(){return this._childSizeCache.totalSize}get averageMarginSize(){return this._marginSizeCache.averageSize}get totalMarginSize(){return this._marginSizeCache.totalSize}getLeadingMarginValue(C,H){return this._metricsCache.get(C)?.[W3(H)]||0}getChildSize(C){return this._childSizeCache.getSize(C)}getMarginSize(C){return this._marginSizeCache.getSize(C)}clear(){this._childSizeCache.clear(),this._marginSizeCache.clear(),this._metricsCache.clear()}},J1=class extends Y1{constructor(){super(...arguments),this._itemSize={width:100,height:100},this._physicalItems=new Map,this._newPhysicalItems=new Map,this._metricsCache=new I2,this._anchorIdx=null,this._anchorPos=null,this._stable=!0,this._measureChildren=!0,this._estimate=!0}get measureChildren(){return this._measureChildren}updateItemSizes(C){this._metricsCache.update(C,this.direction),this._scheduleReflow()}_getPhysicalItem(C){return this._newPhysicalItems.get(C)??this._physicalItems.get(C)}_getSize(C){return this._getPhysicalItem(C)&&this._metricsCache.getChildSize(C)}_getAverageSize(){return this._metricsCache.averageChildSize||this._itemSize[this._sizeDim]}_estimatePosition(C){let H=this._metricsCache;if(this._first===-1||this._last===-1)return H.averageMarginSize+C*(H.averageMarginSize+this._getAverageSize());if(C<this._first){let V=this._first-C;return this._getPhysicalItem(this._first).pos-(H.getMarginSize(this._first-1)||H.averageMarginSize)-(V*H.averageChildSize+(V-1)*H.averageMarginSize)}else{let V=C-this._last;return this._getPhysicalItem(this._last).pos+(H.getChildSize(this._last)||H.averageChildSize)+(H.getMarginSize(this._last)||H.averageMarginSize)+V*(H.averageChildSize+H.averageMarginSize)}}_getPosition(C){let H=this._getPhysicalItem(C),{averageMarginSize:V}=this._metricsCache;return C===0?this._metricsCache.getMarginSize(0)??V:H?H.pos:this._estimatePosition(C)}_calculateAnchor(C,H){return C<=0?0:H>this._scrollSize-this._viewDim1?this.items.length-1:Math.max(0,Math.min(this.items.length-1,Math.floor((C+H)/2/this._delta)))}_getAnchor(C,H){if(this._physicalItems.size===0)return this._calculateAnchor(C,H);if(this._first<0)return this._calculateAnchor(C,H);if(this._last<0)return this._calculateAnchor(C,H);let V=this._getPhysicalItem(this._first),M=this._getPhysicalItem(this._last),r=V.pos;if(M.pos+this._metricsCache.getChildSize(this._last)<C)return this._calculateAnchor(C,H);if(r>H)return this._calculateAnchor(C,H);let t=this._firstVisible-1,A=-1/0;for(;A<C;)A=this._getPhysicalItem(++t).pos+this._metricsCache.getChildSize(t);return t}_getActiveItems(){this._viewDim1===0||this.items.length===0?this._clearItems():this._getItems()}_clearItems(){this._first=-1,this._last=-1,this._physicalMin=0,this._physicalMax=0;let C=this._newPhysicalItems;this._newPhysicalItems=this._physicalItems,this._newPhysicalItems.clear(),this._physicalItems=C,this._stable=!0}_getItems(){let C=this._newPhysicalItems;this._stable=!0;let H,V;if(this.pin!==null){let{index:A}=this.pin;this._anchorIdx=A,this._anchorPos=this._getPosition(A)}if(H=this._scrollPosition-this._overhang,V=this._scrollPosition+this._viewDim1+this._overhang,V<0||H>this._scrollSize){this._clearItems();return}(this._anchorIdx===null||this._anchorPos===null)&&(this._anchorIdx=this._getAnchor(H,V),this._anchorPos=this._getPosition(this._anchorIdx));let M=this._getSize(this._anchorIdx);M===void 0&&(this._stable=!1,M=this._getAverageSize());let r=this._metricsCache.getMarginSize(this._anchorIdx)??this._metricsCache.averageMarginSize,e=this._metricsCache.getMarginSize(this._anchorIdx+1)??this._metricsCache.averageMarginSize;this._anchorIdx===0&&(this._anchorPos=r),this._anchorIdx===this.items.length-1&&(this._anchorPos=this._scrollSize-e-M);let i=0;for(this._anchorPos+M+e<H&&(i=H-(this._anchorPos+M+e)),this._anchorPos-r>V&&(i=V-(this._anchorPos-r)),i&&(this._scrollPosition-=i,H-=i,V-=i,this._scrollError+=i),C.set(this._anchorIdx,{pos:this._anchorPos,size:M}),this._first=this._last=this._anchorIdx,this._physicalMin=this._anchorPos-r,this._physicalMax=this._anchorPos+M+e;this._physicalMin>H&&this._first>0;){let A=this._getSize(--this._first);A===void 0&&(this._stable=!1,A=this._getAverageSize());let m=this._metricsCache.getMarginSize(this._first);m===void 0&&(this._stable=!1,m=this._metricsCache.averageMarginSize),this._physicalMin-=A;let a=this._physicalMin;if(C.set(this._first,{pos:a,size:A}),this._physicalMin-=m,this._stable===!1&&this._estimate===!1)break}for(;this._physicalMax<V&&this._last<this.items.length-1;){let A=this._getSize(++this._last);A===void 0&&(this._stable=!1,A=this._getAverageSize());let m=this._metricsCache.getMarginSize(this._last);m===void 0&&(this._stable=!1,m=this._metricsCache.averageMarginSize);let a=this._physicalMax;if(C.set(this._last,{pos:a,size:A}),this._physicalMax+=A+m,!this._stable&&!this._estimate)break}let t=this._calculateError();t&&(this._physicalMin-=t,this._physicalMax-=t,this._anchorPos-=t,this._scrollPosition-=t,C.forEach(A=>A.pos-=t),this._scrollError+=t),this._stable&&(this._newPhysicalItems=this._physicalItems,this._newPhysicalItems.clear(),this._physicalItems=C)}_calculateError(){return this._first===0?this._physicalMin:this._physicalMin<=0?this._physicalMin-this._first*this._delta:this._last===this.items.length-1?this._physicalMax-this._scrollSize:this._physicalMax>=this._scrollSize?this._physicalMax-this._scrollSize+(this.items.length-1-this._last)*this._delta:0}_reflow(){let{_first:C,_last:H}=this;super._reflow(),(this._first===-1&&this._last==-1||this._first===C&&this._last===H)&&this._resetReflowState()}_resetReflowState(){this._anchorIdx=null,this._anchorPos=null,this._stable=!0}_updateScrollSize(){let{averageMarginSize:C}=this._metricsCache;this._scrollSize=Math.max(1,this.items.length*(C+this._getAverageSize())+C)}get _delta(){let{averageMarginSize:C}=this._metricsCache;return this._getAverageSize()+C}_getItemPosition(C){return{[this._positionDim]:this._getPosition(C),[this._secondaryPositionDim]:0,[a7(this.direction)]:-(this._metricsCache.getLeadingMarginValue(C,this.direction)??this._metricsCache.averageMarginSize)}}_getItemSize(C){return{[this._sizeDim]:this._getSize(C)||this._getAverageSize(),[this._secondarySizeDim]:this._itemSize[this._secondarySizeDim]}}_viewDim2Changed(){this._metricsCache.clear(),this._scheduleReflow()}}});var P1=globalThis,B1=P1.ShadowRoot&&(P1.ShadyCSS===void 0||P1.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,a2=Symbol(),g5=new WeakMap,l1=class{constructor(C,H,V){if(this._$cssResult$=!0,V!==a2)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=C,this.t=H}get styleSheet(){let C=this.o,H=this.t;if(B1&&C===void 0){let V=H!==void 0&&H.length===1;V&&(C=g5.get(H)),C===void 0&&((this.o=C=new CSSStyleSheet).replaceSync(this.cssText),V&&g5.set(H,C))}return C}toString(){return this.cssText}},f5=L=>new l1(typeof L=="string"?L:L+"",void 0,a2),w=(L,...C)=>{let H=L.length===1?L[0]:C.reduce((V,M,r)=>V+(e=>{if(e._$cssResult$===!0)return e.cssText;if(typeof e=="number")return e;throw Error("Value passed to 'css' function must be a 'css' function result: "+e+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(M)+L[r+1],L[0]);return new l1(H,L,a2)},O5=(L,C)=>{if(B1)L.adoptedStyleSheets=C.map(H=>H instanceof CSSStyleSheet?H:H.styleSheet);else for(let H of C){let V=document.createElement("style"),M=P1.litNonce;M!==void 0&&V.setAttribute("nonce",M),V.textContent=H.cssText,L.appendChild(V)}},A2=B1?L=>L:L=>L instanceof CSSStyleSheet?(C=>{let H="";for(let V of C.cssRules)H+=V.cssText;return f5(H)})(L):L;var{is:E0,defineProperty:D0,getOwnPropertyDescriptor:$0,getOwnPropertyNames:I0,getOwnPropertySymbols:N0,getPrototypeOf:z0}=Object,T1=globalThis,y5=T1.trustedTypes,W0=y5?y5.emptyScript:"",U0=T1.reactiveElementPolyfillSupport,v1=(L,C)=>L,x1={toAttribute(L,C){switch(C){case Boolean:L=L?W0:null;break;case Object:case Array:L=L==null?L:JSON.stringify(L)}return L},fromAttribute(L,C){let H=L;switch(C){case Boolean:H=L!==null;break;case Number:H=L===null?null:Number(L);break;case Object:case Array:try{H=JSON.parse(L)}catch{H=null}}return H}},R1=(L,C)=>!E0(L,C),k5={attribute:!0,type:String,converter:x1,reflect:!1,useDefault:!1,hasChanged:R1};Symbol.metadata??=Symbol("metadata"),T1.litPropertyMetadata??=new WeakMap;var X=class extends HTMLElement{static addInitializer(C){this._$Ei(),(this.l??=[]).push(C)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(C,H=k5){if(H.state&&(H.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(C)&&((H=Object.create(H)).wrapped=!0),this.elementProperties.set(C,H),!H.noAccessor){let V=Symbol(),M=this.getPropertyDescriptor(C,V,H);M!==void 0&&D0(this.prototype,C,M)}}static getPropertyDescriptor(C,H,V){let{get:M,set:r}=$0(this.prototype,C)??{get(){return this[H]},set(e){this[H]=e}};return{get:M,set(e){let i=M?.call(this);r?.call(this,e),this.requestUpdate(C,i,V)},configurable:!0,enumerable:!0}}static getPropertyOptions(C){return this.elementProperties.get(C)??k5}static _$Ei(){if(this.hasOwnProperty(v1("elementProperties")))return;let C=z0(this);C.finalize(),C.l!==void 0&&(this.l=[...C.l]),this.elementProperties=new Map(C.elementProperties)}static finalize(){if(this.hasOwnProperty(v1("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(v1("properties"))){let H=this.properties,V=[...I0(H),...N0(H)];for(let M of V)this.createProperty(M,H[M])}let C=this[Symbol.metadata];if(C!==null){let H=litPropertyMetadata.get(C);if(H!==void 0)for(let[V,M]of H)this.elementProperties.set(V,M)}this._$Eh=new Map;for(let[H,V]of this.elementProperties){let M=this._$Eu(H,V);M!==void 0&&this._$Eh.set(M,H)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(C){let H=[];if(Array.isArray(C)){let V=new Set(C.flat(1/0).reverse());for(let M of V)H.unshift(A2(M))}else C!==void 0&&H.push(A2(C));return H}static _$Eu(C,H){let V=H.attribute;return V===!1?void 0:typeof V=="string"?V:typeof C=="string"?C.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(C=>this.enableUpdating=C),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(C=>C(this))}addController(C){(this._$EO??=new Set).add(C),this.renderRoot!==void 0&&this.isConnected&&C.hostConnected?.()}removeController(C){this._$EO?.delete(C)}_$E_(){let C=new Map,H=this.constructor.elementProperties;for(let V of H.keys())this.hasOwnProperty(V)&&(C.set(V,this[V]),delete this[V]);C.size>0&&(this._$Ep=C)}createRenderRoot(){let C=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return O5(C,this.constructor.elementStyles),C}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(C=>C.hostConnected?.())}enableUpdating(C){}disconnectedCallback(){this._$EO?.forEach(C=>C.hostDisconnected?.())}attributeChangedCallback(C,H,V){this._$AK(C,V)}_$ET(C,H){let V=this.constructor.elementProperties.get(C),M=this.constructor._$Eu(C,V);if(M!==void 0&&V.reflect===!0){let r=(V.converter?.toAttribute!==void 0?V.converter:x1).toAttribute(H,V.type);this._$Em=C,r==null?this.removeAttribute(M):this.setAttribute(M,r),this._$Em=null}}_$AK(C,H){let V=this.constructor,M=V._$Eh.get(C);if(M!==void 0&&this._$Em!==M){let r=V.getPropertyOptions(M),e=typeof r.converter=="function"?{fromAttribute:r.converter}:r.converter?.fromAttribute!==void 0?r.converter:x1;this._$Em=M;let i=e.fromAttribute(H,r.type);this[M]=i??this._$Ej?.get(M)??i,this._$Em=null}}requestUpdate(C,H,V,M=!1,r){if(C!==void 0){let e=this.constructor;if(M===!1&&(r=this[C]),V??=e.getPropertyOptions(C),!((V.hasChanged??R1)(r,H)||V.useDefault&&V.reflect&&r===this._$Ej?.get(C)&&!this.hasAttribute(e._$Eu(C,V))))return;this.C(C,H,V)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(C,H,{useDefault:V,reflect:M,wrapped:r},e){V&&!(this._$Ej??=new Map).has(C)&&(this._$Ej.set(C,e??H??this[C]),r!==!0||e!==void 0)||(this._$AL.has(C)||(this.hasUpdated||V||(H=void 0),this._$AL.set(C,H)),M===!0&&this._$Em!==C&&(this._$Eq??=new Set).add(C))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(H){Promise.reject(H)}let C=this.scheduleUpdate();return C!=null&&await C,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[M,r]of this._$Ep)this[M]=r;this._$Ep=void 0}let V=this.constructor.elementProperties;if(V.size>0)for(let[M,r]of V){let{wrapped:e}=r,i=this[M];e!==!0||this._$AL.has(M)||i===void 0||this.C(M,void 0,r,i)}}let C=!1,H=this._$AL;try{C=this.shouldUpdate(H),C?(this.willUpdate(H),this._$EO?.forEach(V=>V.hostUpdate?.()),this.update(H)):this._$EM()}catch(V){throw C=!1,this._$EM(),V}C&&this._$AE(H)}willUpdate(C){}_$AE(C){this._$EO?.forEach(H=>H.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(C)),this.updated(C)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(C){return!0}update(C){this._$Eq&&=this._$Eq.forEach(H=>this._$ET(H,this[H])),this._$EM()}updated(C){}firstUpdated(C){}};X.elementStyles=[],X.shadowRootOptions={mode:"open"},X[v1("elementProperties")]=new Map,X[v1("finalized")]=new Map,U0?.({ReactiveElement:X}),(T1.reactiveElementVersions??=[]).push("2.1.2");var p2=globalThis,_5=L=>L,F1=p2.trustedTypes,b5=F1?F1.createPolicy("lit-html",{createHTML:L=>L}):void 0,m2="$lit$",Y=`lit$${Math.random().toFixed(9).slice(2)}$`,n2="?"+Y,G0=`<${n2}>`,L1=document,Z1=()=>L1.createComment(""),u1=L=>L===null||typeof L!="object"&&typeof L!="function",l2=Array.isArray,F5=L=>l2(L)||typeof L?.[Symbol.iterator]=="function",d2=`[ 	
\f\r]`,s1=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,w5=/-->/g,P5=/>/g,H1=RegExp(`>|${d2}(?:([^\\s"'>=/]+)(${d2}*=${d2}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),B5=/'/g,T5=/"/g,E5=/^(?:script|style|textarea|title)$/i,v2=L=>(C,...H)=>({_$litType$:L,strings:C,values:H}),p=v2(1),D5=v2(2),k7=v2(3),W=Symbol.for("lit-noChange"),x=Symbol.for("lit-nothing"),R5=new WeakMap,V1=L1.createTreeWalker(L1,129);function $5(L,C){if(!l2(L)||!L.hasOwnProperty("raw"))throw Error("invalid template strings array");return b5!==void 0?b5.createHTML(C):C}var I5=(L,C)=>{let H=L.length-1,V=[],M,r=C===2?"<svg>":C===3?"<math>":"",e=s1;for(let i=0;i<H;i++){let t=L[i],A,m,a=-1,s=0;for(;s<t.length&&(e.lastIndex=s,m=e.exec(t),m!==null);)s=e.lastIndex,e===s1?m[1]==="!--"?e=w5:m[1]!==void 0?e=P5:m[2]!==void 0?(E5.test(m[2])&&(M=RegExp("</"+m[2],"g")),e=H1):m[3]!==void 0&&(e=H1):e===H1?m[0]===">"?(e=M??s1,a=-1):m[1]===void 0?a=-2:(a=e.lastIndex-m[2].length,A=m[1],e=m[3]===void 0?H1:m[3]==='"'?T5:B5):e===T5||e===B5?e=H1:e===w5||e===P5?e=s1:(e=H1,M=void 0);let n=e===H1&&L[i+1].startsWith("/>")?" ":"";r+=e===s1?t+G0:a>=0?(V.push(A),t.slice(0,a)+m2+t.slice(a)+Y+n):t+Y+(a===-2?i:n)}return[$5(L,r+(L[H]||"<?>")+(C===2?"</svg>":C===3?"</math>":"")),V]},c1=class L{constructor({strings:C,_$litType$:H},V){let M;this.parts=[];let r=0,e=0,i=C.length-1,t=this.parts,[A,m]=I5(C,H);if(this.el=L.createElement(A,V),V1.currentNode=this.el.content,H===2||H===3){let a=this.el.content.firstChild;a.replaceWith(...a.childNodes)}for(;(M=V1.nextNode())!==null&&t.length<i;){if(M.nodeType===1){if(M.hasAttributes())for(let a of M.getAttributeNames())if(a.endsWith(m2)){let s=m[e++],n=M.getAttribute(a).split(Y),S=/([.?@])?(.*)/.exec(s);t.push({type:1,index:r,name:S[2],strings:n,ctor:S[1]==="."?D1:S[1]==="?"?$1:S[1]==="@"?I1:r1}),M.removeAttribute(a)}else a.startsWith(Y)&&(t.push({type:6,index:r}),M.removeAttribute(a));if(E5.test(M.tagName)){let a=M.textContent.split(Y),s=a.length-1;if(s>0){M.textContent=F1?F1.emptyScript:"";for(let n=0;n<s;n++)M.append(a[n],Z1()),V1.nextNode(),t.push({type:2,index:++r});M.append(a[s],Z1())}}}else if(M.nodeType===8)if(M.data===n2)t.push({type:2,index:r});else{let a=-1;for(;(a=M.data.indexOf(Y,a+1))!==-1;)t.push({type:7,index:r}),a+=Y.length-1}r++}}static createElement(C,H){let V=L1.createElement("template");return V.innerHTML=C,V}};function M1(L,C,H=L,V){if(C===W)return C;let M=V!==void 0?H._$Co?.[V]:H._$Cl,r=u1(C)?void 0:C._$litDirective$;return M?.constructor!==r&&(M?._$AO?.(!1),r===void 0?M=void 0:(M=new r(L),M._$AT(L,H,V)),V!==void 0?(H._$Co??=[])[V]=M:H._$Cl=M),M!==void 0&&(C=M1(L,M._$AS(L,C.values),M,V)),C}var E1=class{constructor(C,H){this._$AV=[],this._$AN=void 0,this._$AD=C,this._$AM=H}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(C){let{el:{content:H},parts:V}=this._$AD,M=(C?.creationScope??L1).importNode(H,!0);V1.currentNode=M;let r=V1.nextNode(),e=0,i=0,t=V[0];for(;t!==void 0;){if(e===t.index){let A;t.type===2?A=new o1(r,r.nextSibling,this,C):t.type===1?A=new t.ctor(r,t.name,t.strings,this,C):t.type===6&&(A=new N1(r,this,C)),this._$AV.push(A),t=V[++i]}e!==t?.index&&(r=V1.nextNode(),e++)}return V1.currentNode=L1,M}p(C){let H=0;for(let V of this._$AV)V!==void 0&&(V.strings!==void 0?(V._$AI(C,V,H),H+=V.strings.length-2):V._$AI(C[H])),H++}},o1=class L{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(C,H,V,M){this.type=2,this._$AH=x,this._$AN=void 0,this._$AA=C,this._$AB=H,this._$AM=V,this.options=M,this._$Cv=M?.isConnected??!0}get parentNode(){let C=this._$AA.parentNode,H=this._$AM;return H!==void 0&&C?.nodeType===11&&(C=H.parentNode),C}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(C,H=this){C=M1(this,C,H),u1(C)?C===x||C==null||C===""?(this._$AH!==x&&this._$AR(),this._$AH=x):C!==this._$AH&&C!==W&&this._(C):C._$litType$!==void 0?this.$(C):C.nodeType!==void 0?this.T(C):F5(C)?this.k(C):this._(C)}O(C){return this._$AA.parentNode.insertBefore(C,this._$AB)}T(C){this._$AH!==C&&(this._$AR(),this._$AH=this.O(C))}_(C){this._$AH!==x&&u1(this._$AH)?this._$AA.nextSibling.data=C:this.T(L1.createTextNode(C)),this._$AH=C}$(C){let{values:H,_$litType$:V}=C,M=typeof V=="number"?this._$AC(C):(V.el===void 0&&(V.el=c1.createElement($5(V.h,V.h[0]),this.options)),V);if(this._$AH?._$AD===M)this._$AH.p(H);else{let r=new E1(M,this),e=r.u(this.options);r.p(H),this.T(e),this._$AH=r}}_$AC(C){let H=R5.get(C.strings);return H===void 0&&R5.set(C.strings,H=new c1(C)),H}k(C){l2(this._$AH)||(this._$AH=[],this._$AR());let H=this._$AH,V,M=0;for(let r of C)M===H.length?H.push(V=new L(this.O(Z1()),this.O(Z1()),this,this.options)):V=H[M],V._$AI(r),M++;M<H.length&&(this._$AR(V&&V._$AB.nextSibling,M),H.length=M)}_$AR(C=this._$AA.nextSibling,H){for(this._$AP?.(!1,!0,H);C!==this._$AB;){let V=_5(C).nextSibling;_5(C).remove(),C=V}}setConnected(C){this._$AM===void 0&&(this._$Cv=C,this._$AP?.(C))}},r1=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(C,H,V,M,r){this.type=1,this._$AH=x,this._$AN=void 0,this.element=C,this.name=H,this._$AM=M,this.options=r,V.length>2||V[0]!==""||V[1]!==""?(this._$AH=Array(V.length-1).fill(new String),this.strings=V):this._$AH=x}_$AI(C,H=this,V,M){let r=this.strings,e=!1;if(r===void 0)C=M1(this,C,H,0),e=!u1(C)||C!==this._$AH&&C!==W,e&&(this._$AH=C);else{let i=C,t,A;for(C=r[0],t=0;t<r.length-1;t++)A=M1(this,i[V+t],H,t),A===W&&(A=this._$AH[t]),e||=!u1(A)||A!==this._$AH[t],A===x?C=x:C!==x&&(C+=(A??"")+r[t+1]),this._$AH[t]=A}e&&!M&&this.j(C)}j(C){C===x?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,C??"")}},D1=class extends r1{constructor(){super(...arguments),this.type=3}j(C){this.element[this.name]=C===x?void 0:C}},$1=class extends r1{constructor(){super(...arguments),this.type=4}j(C){this.element.toggleAttribute(this.name,!!C&&C!==x)}},I1=class extends r1{constructor(C,H,V,M,r){super(C,H,V,M,r),this.type=5}_$AI(C,H=this){if((C=M1(this,C,H,0)??x)===W)return;let V=this._$AH,M=C===x&&V!==x||C.capture!==V.capture||C.once!==V.once||C.passive!==V.passive,r=C!==x&&(V===x||M);M&&this.element.removeEventListener(this.name,this,V),r&&this.element.addEventListener(this.name,this,C),this._$AH=C}handleEvent(C){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,C):this._$AH.handleEvent(C)}},N1=class{constructor(C,H,V){this.element=C,this.type=6,this._$AN=void 0,this._$AM=H,this.options=V}get _$AU(){return this._$AM._$AU}_$AI(C){M1(this,C)}},N5={M:m2,P:Y,A:n2,C:1,L:I5,R:E1,D:F5,V:M1,I:o1,H:r1,N:$1,U:I1,B:D1,F:N1},Q0=p2.litHtmlPolyfillSupport;Q0?.(c1,o1),(p2.litHtmlVersions??=[]).push("3.3.3");var z5=(L,C,H)=>{let V=H?.renderBefore??C,M=V._$litPart$;if(M===void 0){let r=H?.renderBefore??null;V._$litPart$=M=new o1(C.insertBefore(Z1(),r),r,void 0,H??{})}return M._$AI(L),M};var x2=globalThis,y=class extends X{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let C=super.createRenderRoot();return this.renderOptions.renderBefore??=C.firstChild,C}update(C){let H=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(C),this._$Do=z5(H,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return W}};y._$litElement$=!0,y.finalized=!0,x2.litElementHydrateSupport?.({LitElement:y});var K0=x2.litElementPolyfillSupport;K0?.({LitElement:y});(x2.litElementVersions??=[]).push("4.2.2");var q0={attribute:!0,type:String,converter:x1,reflect:!1,hasChanged:R1},j0=(L=q0,C,H)=>{let{kind:V,metadata:M}=H,r=globalThis.litPropertyMetadata.get(M);if(r===void 0&&globalThis.litPropertyMetadata.set(M,r=new Map),V==="setter"&&((L=Object.create(L)).wrapped=!0),r.set(H.name,L),V==="accessor"){let{name:e}=H;return{set(i){let t=C.get.call(this);C.set.call(this,i),this.requestUpdate(e,t,L,!0,i)},init(i){return i!==void 0&&this.C(e,void 0,L,i),i}}}if(V==="setter"){let{name:e}=H;return function(i){let t=this[e];C.call(this,i),this.requestUpdate(e,t,L,!0,i)}}throw Error("Unsupported decorator location: "+V)};function f(L){return(C,H)=>typeof H=="object"?j0(L,C,H):((V,M,r)=>{let e=M.hasOwnProperty(r);return M.constructor.createProperty(r,V),e?Object.getOwnPropertyDescriptor(M,r):void 0})(L,C,H)}function Z(L){return f({...L,state:!0,attribute:!1})}var e1=(L,C,H)=>(H.configurable=!0,H.enumerable=!0,Reflect.decorate&&typeof C!="object"&&Object.defineProperty(L,C,H),H);function t1(L,C){return(H,V,M)=>{let r=e=>e.renderRoot?.querySelector(L)??null;if(C){let{get:e,set:i}=typeof V=="object"?H:M??(()=>{let t=Symbol();return{get(){return this[t]},set(A){this[t]=A}}})();return e1(H,V,{get(){let t=e.call(this);return t===void 0&&(t=r(this),(t!==null||this.hasUpdated)&&i.call(this,t)),t}})}return e1(H,V,{get(){return r(this)}})}}var W5="M13,13H11V7H13M13,17H11V15H13M12,2A10,10 0 0,0 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12A10,10 0 0,0 12,2Z";var U5="M11,15H13V17H11V15M11,7H13V13H11V7M12,2C6.47,2 2,6.5 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12A10,10 0 0,0 12,2M12,20A8,8 0 0,1 4,12A8,8 0 0,1 12,4A8,8 0 0,1 20,12A8,8 0 0,1 12,20Z";var G5="M0.41,13.41L6,19L7.41,17.58L1.83,12M22.24,5.58L11.66,16.17L7.5,12L6.07,13.41L11.66,19L23.66,7M18,7L16.59,5.58L10.24,11.93L11.66,13.34L18,7Z";var z1="M12 2C6.5 2 2 6.5 2 12S6.5 22 12 22 22 17.5 22 12 17.5 2 12 2M10 17L5 12L6.41 10.59L10 14.17L17.59 6.58L19 8L10 17Z";var Q5="M7.41,8.58L12,13.17L16.59,8.58L18,10L12,16L6,10L7.41,8.58Z";var K5="M7.41,15.41L12,10.83L16.59,15.41L18,14L12,8L6,14L7.41,15.41Z";var W1="M12,20A8,8 0 0,0 20,12A8,8 0 0,0 12,4A8,8 0 0,0 4,12A8,8 0 0,0 12,20M12,2A10,10 0 0,1 22,12A10,10 0 0,1 12,22C6.47,22 2,17.5 2,12A10,10 0 0,1 12,2M12.5,7V12.25L17,14.92L16.25,16.15L11,13V7H12.5Z";var q5="M19,6.41L17.59,5L12,10.59L6.41,5L5,6.41L10.59,12L5,17.59L6.41,19L12,13.41L17.59,19L19,17.59L13.41,12L19,6.41Z";var j5="M12,20C7.59,20 4,16.41 4,12C4,7.59 7.59,4 12,4C16.41,4 20,7.59 20,12C20,16.41 16.41,20 12,20M12,2C6.47,2 2,6.47 2,12C2,17.53 6.47,22 12,22C17.53,22 22,17.53 22,12C22,6.47 17.53,2 12,2M14.59,8L12,10.59L9.41,8L8,9.41L10.59,12L8,14.59L9.41,16L12,13.41L14.59,16L16,14.59L13.41,12L16,9.41L14.59,8Z";var X5="M13 19C13 18.66 13.04 18.33 13.09 18H4V8L12 13L20 8V13.09C20.72 13.21 21.39 13.46 22 13.81V6C22 4.9 21.1 4 20 4H4C2.9 4 2 4.9 2 6V18C2 19.1 2.9 20 4 20H13.09C13.04 19.67 13 19.34 13 19M20 6L12 11L4 6H20M17.75 22.16L15 19.16L16.16 18L17.75 19.59L21.34 16L22.5 17.41L17.75 22.16";var Y5="M13.09 18H4V8L12 13L20 8V13.09C20.72 13.21 21.39 13.46 22 13.81V6C22 4.9 21.1 4 20 4H4C2.9 4 2 4.9 2 6V18C2 19.1 2.9 20 4 20H13.09C13.04 19.67 13 19.34 13 19C13 18.66 13.04 18.33 13.09 18M20 6L12 11L4 6H20M20.41 19L22.54 21.12L21.12 22.54L19 20.41L16.88 22.54L15.47 21.12L17.59 19L15.47 16.88L16.88 15.47L19 17.59L21.12 15.47L22.54 16.88L20.41 19Z";var J5="M11,18H13V16H11V18M12,2A10,10 0 0,0 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12A10,10 0 0,0 12,2M12,20C7.59,20 4,16.41 4,12C4,7.59 7.59,4 12,4C16.41,4 20,7.59 20,12C20,16.41 16.41,20 12,20M12,6A4,4 0 0,0 8,10H10A2,2 0 0,1 12,8A2,2 0 0,1 14,10C14,12 11,11.75 11,15H13C13,12.75 16,12.5 16,10A4,4 0 0,0 12,6Z";var U1="M12,17A2,2 0 0,0 14,15C14,13.89 13.1,13 12,13A2,2 0 0,0 10,15A2,2 0 0,0 12,17M18,8A2,2 0 0,1 20,10V20A2,2 0 0,1 18,22H6A2,2 0 0,1 4,20V10C4,8.89 4.9,8 6,8H7V6A5,5 0 0,1 12,1A5,5 0 0,1 17,6V8H18M12,3A3,3 0 0,0 9,6V8H15V6A3,3 0 0,0 12,3Z";var C3="M18 1C15.24 1 13 3.24 13 6V8H4C2.9 8 2 8.89 2 10V20C2 21.11 2.9 22 4 22H16C17.11 22 18 21.11 18 20V10C18 8.9 17.11 8 16 8H15V6C15 4.34 16.34 3 18 3C19.66 3 21 4.34 21 6V8H23V6C23 3.24 20.76 1 18 1M10 13C11.1 13 12 13.89 12 15C12 16.11 11.11 17 10 17C8.9 17 8 16.11 8 15C8 13.9 8.9 13 10 13Z";var s2="M20,2A2,2 0 0,1 22,4V16A2,2 0 0,1 20,18H6L2,22V4C2,2.89 2.9,2 4,2H20M4,4V17.17L5.17,16H20V4H4M6,7H18V9H6V7M6,11H15V13H6V11Z";var H3="M12,4C14.1,4 16.1,4.8 17.6,6.3C20.7,9.4 20.7,14.5 17.6,17.6C15.8,19.5 13.3,20.2 10.9,19.9L11.4,17.9C13.1,18.1 14.9,17.5 16.2,16.2C18.5,13.9 18.5,10.1 16.2,7.7C15.1,6.6 13.5,6 12,6V10.6L7,5.6L12,0.6V4M6.3,17.6C3.7,15 3.3,11 5.1,7.9L6.6,9.4C5.5,11.6 5.9,14.4 7.8,16.2C8.3,16.7 8.9,17.1 9.6,17.4L9,19.4C8,19 7.1,18.4 6.3,17.6Z";var G1="M2,21L23,12L2,3V10L17,12L2,14V21Z";var V3="M20.84 22.73L19.46 21.35C19.1 21.75 18.58 22 18 22H6C4.89 22 4 21.11 4 20V8L5.06 6.95L1.11 3L2.39 1.73L22.11 21.46L20.84 22.73M20 4C20 2.9 19.11 2 18 2H10L7.6 4.4L20 16.8V4Z";var L3="M18 4V20H6V8.8L10.8 4H18M18 2H10L4 8V20C4 21.1 4.9 22 6 22H18C19.1 22 20 21.1 20 20V4C20 2.9 19.1 2 18 2M9.5 19H7.5V17H9.5V19M16.5 19H14.5V17H16.5V19M9.5 15H7.5V11H9.5V15M13 19H11V15H13V19M13 13H11V11H13V13M16.5 15H14.5V11H16.5V15Z";var M3="M21,9L17,5V8H10V10H17V13M7,11L3,15L7,19V16H14V14H7V11Z";function r3(L,C){switch(C.type){case"snapshot":return{gateway:C.gateway,slots:new Map(C.slots.map(H=>[H.slot,H])),messages:[...C.messages],messageLimit:Math.max(500,C.messages.length)};case"gateway":return L&&{...L,gateway:C.gateway};case"slots":{if(L===void 0)return;let H=new Map(L.slots);for(let V of C.slots)H.set(V.slot,V);return{...L,slots:H}}case"message":{if(L===void 0)return;let H=L.messages.filter(V=>V.id!==C.message.id);return{...L,messages:[C.message,...H].slice(0,L.messageLimit)}}case"history_cleared":return L&&{...L,messages:[]};default:return L}}function X0(L){switch(L.kind){case"sms_received":return L.sender;case"delivery_report":return L.recipient;case"sms_sent":return L.number;default:return""}}function e3(L,C){let H=C.party.trim().toLowerCase();return L.filter(V=>(C.slot===""||V.slot===C.slot)&&(H===""||X0(V).toLowerCase().includes(H)))}function t3(L){let C=new Set;for(let H of L)H.slot&&C.add(H.slot);return[...C].sort((H,V)=>H.localeCompare(V,"en",{numeric:!0}))}function Z2(L){let C=new Set;for(let H of L.split(/[,;\n]+/)){let V=H.trim();V&&C.add(V)}return[...C]}function u2(L){return/^(\d{1,3}(\.\d{1,2})?)?$/.test(L.trim())}function G(L){return typeof L=="object"&&L!==null&&"message"in L?String(L.message):String(L)}function i3(L){if(typeof L=="object"&&L!==null&&"code"in L)return String(L.code)}var U="ejoin",a1="ejoin-gateway-card",Q=["grid","messages","compose"];var o3=document.querySelector("home-assistant")!==null&&customElements.get("home-assistant")===void 0?customElements.whenDefined("home-assistant"):void 0;function D(L,C){let H=()=>{customElements.get(L)||customElements.define(L,C)};o3===void 0?H():o3.then(H)}function O(L,C="icon"){return p`<svg class=${C} viewBox="0 0 24 24" aria-hidden="true" focusable="false">${D5`<path d=${L}></path>`}</svg>`}var $=w`
  :host {
    --ejoin-radius: var(--ha-border-radius-md, 8px);
    --ejoin-gap: 8px;
  }
  .icon {
    width: 20px;
    height: 20px;
    fill: currentColor;
    flex: none;
  }
  button {
    font: inherit;
    font-size: var(--ha-font-size-m, 14px);
    font-weight: var(--ha-font-weight-medium, 500);
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 36px;
    padding: 0 14px;
    border-radius: var(--ha-border-radius-pill, 18px);
    border: 1px solid var(--primary-color);
    background: transparent;
    color: var(--primary-color);
    cursor: pointer;
  }
  button.primary {
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }
  button:focus-visible,
  input:focus-visible,
  textarea:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
  }
  input,
  textarea,
  select {
    font: inherit;
    font-size: var(--ha-font-size-m, 14px);
    color: var(--primary-text-color);
    background: var(--input-fill-color, var(--secondary-background-color, transparent));
    border: 1px solid var(--input-idle-line-color, var(--divider-color));
    border-radius: var(--ha-border-radius-sm, 4px);
    padding: 8px;
    box-sizing: border-box;
    width: 100%;
  }
  textarea {
    resize: vertical;
  }
  .helper {
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
  }
  .notice {
    display: flex;
    align-items: center;
    gap: var(--ejoin-gap);
    padding: 8px 12px;
    border-radius: var(--ejoin-radius);
    border-left: 4px solid var(--notice-color, var(--info-color, #039be5));
    background: color-mix(in srgb, var(--notice-color, var(--info-color, #039be5)) 12%, transparent);
    color: var(--primary-text-color);
  }
  .notice.error {
    --notice-color: var(--error-color, #db4437);
  }
  .notice.warning {
    --notice-color: var(--warning-color, #ffa600);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;var Y0=new Set(`@\xA3$\xA5\xE8\xE9\xF9\xEC\xF2\xC7
\xD8\xF8\r\xC5\xE5\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E\xC6\xE6\xDF\xC9 !"#\xA4%&'()*+,-./0123456789:;<=>?\xA1ABCDEFGHIJKLMNOPQRSTUVWXYZ\xC4\xD6\xD1\xDC\xA7\xBFabcdefghijklmnopqrstuvwxyz\xE4\xF6\xF1\xFC\xE0`),a3=new Set("\f^{}\\[~]|\u20AC"),J0={"7bit":{single:160,multi:153},ucs2:{single:70,multi:67}};function A3(L){return Y0.has(L)||a3.has(L)}function C7(L){for(let C of L)if(!A3(C))return"ucs2";return"7bit"}function H7(L,C){let H=[];for(let V of L)C==="ucs2"?H.push(V.length):H.push(a3.has(V)?2:1);return H}function d3(L,C="auto"){let H=C==="auto"?C7(L):C,V=H7(L,H),M=V.reduce((m,a)=>m+a,0),r=H==="7bit"?[...new Set([...L].filter(m=>!A3(m)))]:[],{single:e,multi:i}=J0[H];if(M<=e)return{encoding:H,units:M,parts:M===0?0:1,perPart:e,remaining:e-M,unsupported:r};let t=1,A=0;for(let m of V)A+m>i&&(t+=1,A=0),A+=m;return{encoding:H,units:M,parts:t,perPart:i,remaining:i-A,unsupported:r}}var c2={"card.name":"Ejoin gateway","card.description":"SIM slots of an Ejoin GSM gateway at a glance, its latest messages and a box to send an SMS.","card.no_gateway":"No Ejoin gateway is configured. Add the Ejoin integration first.","card.pick_gateway":"Pick a gateway in the card's settings.","card.loading":"Connecting to the gateway\u2026","card.unavailable":"The gateway is unavailable; the values shown are the last known.","card.reconnecting":"Connection to Home Assistant lost; reconnecting\u2026","card.subscribe_error":"Could not follow the gateway: {error}","card.not_found":"This gateway is not set up or not loaded.","card.retry":"Retry","panel.grid":"SIM grid","panel.messages":"Messages","panel.compose":"Send SMS","state.registered":"Registered","state.idle":"Idle","state.no_sim":"No SIM","state.failed":"Failed","state.locked":"Locked","state.unknown":"Unknown","state.active":"Active SIM","status.access_mobile_network":"Accessing mobile network","status.call_connected":"Call connected","status.card_detected":"SIM detected","status.idle_sim":"Idle","status.inter_calling":"Inter-calling","status.inter_calling_holding":"Inter-calling on hold","status.locked_by_device":"SIM locked by the device","status.locked_by_operator":"SIM locked by the operator","status.module_response_timeout":"Module not responding","status.no_balance":"No balance","status.no_sim":"No SIM","status.register_failed":"Registration failed","status.registered":"Registered","status.registering":"Registering","status.sim_error":"SIM error","status.user_locked":"Locked","grid.label":"SIM slots of {title}","grid.port":"Port {port}","grid.cell":"Slot {slot}, {state}{active}, signal {signal}","grid.cell_active":", active","grid.signal_bars":"{bars} of 4","grid.signal_none":"none","grid.hint_rows":"A row per port, a cell per SIM slot. Select a cell for details and actions.","grid.hint_columns":"A column per port, a cell per SIM slot. Select a cell for details and actions.","slot.title":"Slot {slot}","slot.state":"State","slot.status":"Status","slot.signal":"Signal","slot.balance":"Balance","slot.operator":"Operator","slot.number":"Number","slot.iccid":"ICCID","slot.imsi":"IMSI","slot.imei":"IMEI","slot.unknown_value":"\u2014","slot.sms_counters":"SMS counters","slot.sms_loading":"Loading\u2026","slot.sms_unknown":"The gateway does not report SMS counters.","slot.sms.sent":"Sent","slot.sms.failed":"Failed","slot.sms.received":"Received","slot.actions":"Actions","slot.switch":"Switch to this SIM","slot.lock":"Lock port {port}","slot.unlock":"Unlock port {port}","slot.reset":"Reset port {port}","slot.send_from":"Send from this SIM","slot.action_done":"Done.","slot.action_failed":"Failed: {error}","slot.admin_only":"Only administrators can change the gateway.","slot.close":"Close","messages.empty":"No messages yet.","messages.filter_slot":"Slot","messages.filter_all":"All slots","messages.filter_sender":"Sender or number","messages.no_match":"No message matches the filter.","messages.show_more":"Show more","messages.received":"SMS from {sender}","messages.report_delivered":"Delivered to {recipient}","messages.report_failed":"Not delivered to {recipient} (code {code})","messages.sent_ok":"Sent to {number}","messages.sent_failed":"Sending to {number} failed","messages.sent_pending":"Sending to {number}","messages.on_slot":"slot {slot}","messages.count":"{shown} of {total}","compose.recipients":"Recipients","compose.recipients_helper":"Phone numbers, separated by commas or new lines","compose.text":"Message","compose.port":"Sending port or slot","compose.port_helper":"Empty for any; a port like 3 or a slot like 3.02. Or pick a slot in the grid.","compose.port_invalid":"Write a port (3) or a slot (3.02).","compose.coding":"Coding","compose.coding.auto":"Automatic","compose.coding.7bit":"GSM 7-bit","compose.coding.ucs2":"Unicode (UCS-2)","compose.counter":"{units} / {limit} \xB7 {parts} SMS \xB7 {encoding}","compose.counter_units.7bit":"GSM 7-bit","compose.counter_units.ucs2":"UCS-2","compose.unsupported":"Not in the GSM alphabet, sent as \u201C?\u201D: {characters}","compose.send":"Send","compose.sending":"Sending\u2026","compose.result_ok":"Sent","compose.result_failed":"Failed","compose.result_unknown":"Outcome unknown","compose.error":"Could not send: {error}","compose.admin_only":"Only administrators can send messages.","editor.gateway":"Gateway","editor.title":"Title","editor.panels":"Panels","editor.no_gateways":"No Ejoin gateway is set up yet.","editor.move_up":"Move {panel} up","editor.move_down":"Move {panel} down"};function o(L,C={}){return c2[L].replace(/\{(\w+)\}/g,(H,V)=>V in C?String(C[V]):H)}function Q1(L,C){return L in c2?c2[L]:C}var V7=["auto","7bit","ucs2"],p3,m3,n3,l3,v3,x3,s3,Z3,u3,c3,S3,u,S2,h2,g2,f2,O2,y2,k2,_2,b2,w2,P=class extends(S3=y,c3=[f({attribute:!1})],u3=[f({attribute:!1})],Z3=[Z()],s3=[Z()],x3=[Z()],v3=[Z()],l3=[Z()],n3=[Z()],m3=[Z()],p3=[t1("#text")],S3){constructor(){super(...arguments);v(this,S2,d(u,8,this)),d(u,11,this);v(this,h2,d(u,12,this,"")),d(u,15,this);v(this,g2,d(u,16,this,"")),d(u,19,this);v(this,f2,d(u,20,this,"")),d(u,23,this);v(this,O2,d(u,24,this,"auto")),d(u,27,this);v(this,y2,d(u,28,this,"")),d(u,31,this);v(this,k2,d(u,32,this,!1)),d(u,35,this);v(this,_2,d(u,36,this)),d(u,39,this);v(this,b2,d(u,40,this,"")),d(u,43,this);v(this,w2,d(u,44,this)),d(u,47,this)}async useSlot(H){this._port=H,await this.updateComplete,this.scrollIntoView({block:"nearest",behavior:"smooth"}),this._textField.focus()}get _canSend(){return(this.hass?.user?.is_admin??!1)&&!this._sending&&Z2(this._recipients).length>0&&this._text.length>0&&u2(this._port)}async _send(H){if(H.preventDefault(),!this._canSend||this.hass===void 0)return;let V=Z2(this._recipients),M={config_entry_id:this.configEntryId,to:V,message:this._text,coding:this._coding,wait:!0};this._port.trim()&&(M.ports=this._port.trim()),this._sending=!0,this._error="",this._results=void 0;try{let r=await this.hass.callWS({type:"call_service",domain:U,service:"send_sms",service_data:M,return_response:!0});this._results=r.response?.results??V.map(e=>({number:e,success:null}))}catch(r){this._error=o("compose.error",{error:G(r)})}finally{this._sending=!1}}render(){let H=d3(this._text,this._coding),V=this.hass?.user?.is_admin??!1,M=u2(this._port),r=o("compose.counter",{units:H.units,limit:H.parts>1?H.parts*H.perPart:H.perPart,parts:H.parts,encoding:o(`compose.counter_units.${H.encoding}`)});return p`<form @submit=${this._send}>
      ${V?x:p`<p class="notice warning">${o("compose.admin_only")}</p>`}
      <label class="field"
        >${o("compose.recipients")}
        <input
          id="recipients"
          autocomplete="tel"
          inputmode="tel"
          .value=${this._recipients}
          @input=${e=>this._recipients=e.target.value}
          aria-describedby="recipients-helper"
        />
        <span class="helper" id="recipients-helper">${o("compose.recipients_helper")}</span>
      </label>
      <label class="field"
        >${o("compose.text")}
        <textarea
          id="text"
          rows="4"
          .value=${this._text}
          @input=${e=>this._text=e.target.value}
          aria-describedby="counter"
        ></textarea>
      </label>
      <div class="counter helper" id="counter" aria-live="polite">${r}</div>
      ${H.unsupported.length?p`<p class="notice warning">${o("compose.unsupported",{characters:H.unsupported.join(" ")})}</p>`:x}
      <div class="row">
        <label class="field"
          >${o("compose.port")}
          <input
            id="port"
            .value=${this._port}
            @input=${e=>this._port=e.target.value}
            aria-invalid=${M?"false":"true"}
            aria-describedby="port-helper"
          />
          <span class="helper ${M?"":"invalid"}" id="port-helper"
            >${M?o("compose.port_helper"):o("compose.port_invalid")}</span
          >
        </label>
        <label class="field"
          >${o("compose.coding")}
          <select @change=${e=>this._coding=e.target.value}>
            ${V7.map(e=>p`<option value=${e} ?selected=${e===this._coding}>
                  ${o(`compose.coding.${e}`)}
                </option>`)}
          </select>
        </label>
      </div>
      <div class="send">
        <button class="primary" type="submit" ?disabled=${!this._canSend}>
          ${O(G1)}${this._sending?o("compose.sending"):o("compose.send")}
        </button>
      </div>
      <div role="status">
        ${this._error?p`<p class="notice error">${this._error}</p>`:x}
        ${this._results?this._outcomes(this._results):x}
      </div>
    </form>`}_outcomes(H){return p`<ul class="results">
      ${H.map(V=>{let[M,r,e]=V.success===!0?[z1,"ok",o("compose.result_ok")]:V.success===!1?[U5,"error",o("compose.result_failed")]:[W1,"",o("compose.result_unknown")];return p`<li class=${r}>
          ${O(M)}<span class="number">${V.number}</span><span>${e}</span>${V.reason?p`<span class="helper">${V.reason}</span>`:x}
        </li>`})}
    </ul>`}};u=E(S3),S2=new WeakMap,h2=new WeakMap,g2=new WeakMap,f2=new WeakMap,O2=new WeakMap,y2=new WeakMap,k2=new WeakMap,_2=new WeakMap,b2=new WeakMap,w2=new WeakMap,l(u,4,"hass",c3,P,S2),l(u,4,"configEntryId",u3,P,h2),l(u,4,"_recipients",Z3,P,g2),l(u,4,"_text",s3,P,f2),l(u,4,"_coding",x3,P,O2),l(u,4,"_port",v3,P,y2),l(u,4,"_sending",l3,P,k2),l(u,4,"_results",n3,P,_2),l(u,4,"_error",m3,P,b2),l(u,4,"_textField",p3,P,w2),F(u,P),g(P,"styles",[$,w`
      :host {
        display: block;
      }
      form {
        display: flex;
        flex-direction: column;
        gap: 10px;
      }
      .row {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
        gap: 8px;
      }
      .counter {
        margin-top: -6px;
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
      .invalid {
        color: var(--error-color, #db4437);
      }
      [aria-invalid="true"] {
        border-color: var(--error-color, #db4437);
      }
      .send {
        display: flex;
        justify-content: flex-end;
      }
      .notice {
        margin: 0;
      }
      .results {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .results li {
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: 6px;
        padding: 4px 0;
      }
      .results .number {
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .results li.ok .icon {
        fill: color-mix(in srgb, var(--success-color, #43a047) 75%, var(--primary-text-color));
      }
      .results li.error .icon {
        fill: color-mix(in srgb, var(--error-color, #db4437) 75%, var(--primary-text-color));
      }
    `]);D("ejoin-compose",P);function h3(L){if(typeof L!="object"||L===null)throw new Error("Invalid configuration");let C=L;if(C.config_entry_id!==void 0&&typeof C.config_entry_id!="string")throw new Error("config_entry_id must be a config entry id (text)");if(C.title!==void 0&&typeof C.title!="string")throw new Error("title must be text");if(C.panels!==void 0&&(!Array.isArray(C.panels)||C.panels.some(H=>!Q.includes(H))))throw new Error(`panels must be a list of: ${Q.join(", ")}`);return{...C,type:C.type??`custom:${a1}`,config_entry_id:C.config_entry_id??""}}function P2(L,C){let H=L.map(V=>({value:V.config_entry_id,label:V.title}));return C&&!L.some(V=>V.config_entry_id===C)&&H.push({value:C,label:C}),[{name:"config_entry_id",required:!0,selector:{select:{mode:"dropdown",options:H}}},{name:"title",selector:{text:{}}},{name:"panels",selector:{select:{multiple:!0,reorder:!0,mode:"list",options:Q.map(V=>({value:V,label:o(`panel.${V}`)}))}}}]}function g3(L){return{config_entry_id:L.config_entry_id??"",title:L.title??"",panels:[...L.panels??Q]}}function f3(L,C){let H={...L,...C};return H.title||delete H.title,H.panels=(H.panels??[]).filter(V=>Q.includes(V)),H}var O3={config_entry_id:"editor.gateway",title:"editor.title",panels:"editor.panels"};function L7(){let L=customElements.get("hui-button-card");Promise.resolve(L?.getConfigElement?.()).catch(()=>{})}var y3,k3,_3,b3,w3,P3,k,B2,T2,R2,F2,E2,K=class extends(P3=y,w3=[f({attribute:!1})],b3=[Z()],_3=[Z()],k3=[Z()],y3=[Z()],P3){constructor(){super(...arguments);v(this,B2,d(k,8,this)),d(k,11,this);v(this,T2,d(k,12,this)),d(k,15,this);v(this,R2,d(k,16,this)),d(k,19,this);v(this,F2,d(k,20,this,"")),d(k,23,this);v(this,E2,d(k,24,this,customElements.get("ha-form")!==void 0)),d(k,27,this)}setConfig(H){this._config=H}connectedCallback(){super.connectedCallback(),this._haForm||(L7(),customElements.whenDefined("ha-form").then(()=>this._haForm=!0))}updated(H){H.has("hass")&&this.hass!==void 0&&this._gateways===void 0&&!this._loadError&&this._loadGateways(this.hass)}async _loadGateways(H){try{let V=await H.callWS({type:`${U}/gateways`});this._gateways=V.gateways}catch(V){this._loadError=G(V)}}_change(H){this._config!==void 0&&(this._config=f3(this._config,H),this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:this._config},bubbles:!0,composed:!0})))}render(){if(this._config===void 0)return p``;let H=this._gateways??[],V=g3(this._config);return p`
      ${this._loadError?p`<p class="notice error">${this._loadError}</p>`:x}
      ${this._gateways!==void 0&&H.length===0?p`<p class="notice warning">${o("editor.no_gateways")}</p>`:x}
      ${this._haForm?this._haFormEditor(H,V):this._plainEditor(H,V)}
    `}_haFormEditor(H,V){return p`<ha-form
      .hass=${this.hass}
      .data=${V}
      .schema=${P2(H,V.config_entry_id)}
      .computeLabel=${M=>O3[M.name]?o(O3[M.name]):M.name}
      @value-changed=${M=>this._change(M.detail.value)}
    ></ha-form>`}_plainEditor(H,V){let M=P2(H,V.config_entry_id)[0].selector.select.options,r=V.panels,e=[...r,...Q.filter(A=>!r.includes(A))],i=(A,m)=>{let a=[...r],s=a.indexOf(A),n=s+m;s<0||n<0||n>=a.length||([a[s],a[n]]=[a[n],a[s]],this._change({panels:a}))},t=(A,m)=>this._change({panels:m?e.filter(a=>a===A||r.includes(a)):r.filter(a=>a!==A)});return p`<div class="plain">
      <label class="field"
        >${o("editor.gateway")}
        <select @change=${A=>this._change({config_entry_id:A.target.value})}>
          ${V.config_entry_id?x:p`<option value="" selected></option>`}
          ${M.map(A=>p`<option value=${A.value} ?selected=${A.value===V.config_entry_id}>${A.label}</option>`)}
        </select>
      </label>
      <label class="field"
        >${o("editor.title")}
        <input .value=${V.title} @change=${A=>this._change({title:A.target.value})} />
      </label>
      <fieldset>
        <legend>${o("editor.panels")}</legend>
        ${e.map(A=>{let m=r.includes(A),a=r.indexOf(A),s=o(`panel.${A}`);return p`<div class="panel">
            <label
              ><input type="checkbox" .checked=${m} @change=${n=>t(A,n.target.checked)} />
              ${s}</label
            >
            <button
              class="icon-button"
              ?disabled=${!m||a===0}
              aria-label=${o("editor.move_up",{panel:s})}
              title=${o("editor.move_up",{panel:s})}
              @click=${()=>i(A,-1)}
            >
              ${O(K5)}
            </button>
            <button
              class="icon-button"
              ?disabled=${!m||a===r.length-1}
              aria-label=${o("editor.move_down",{panel:s})}
              title=${o("editor.move_down",{panel:s})}
              @click=${()=>i(A,1)}
            >
              ${O(Q5)}
            </button>
          </div>`})}
      </fieldset>
    </div>`}};k=E(P3),B2=new WeakMap,T2=new WeakMap,R2=new WeakMap,F2=new WeakMap,E2=new WeakMap,l(k,4,"hass",w3,K,B2),l(k,4,"_config",b3,K,T2),l(k,4,"_gateways",_3,K,R2),l(k,4,"_loadError",k3,K,F2),l(k,4,"_haForm",y3,K,E2),F(k,K),g(K,"styles",[$,w`
      .plain {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      fieldset {
        border: 1px solid var(--divider-color);
        border-radius: var(--ha-border-radius-sm, 4px);
        color: var(--primary-text-color);
      }
      legend {
        font-size: var(--ha-font-size-s, 12px);
        color: var(--secondary-text-color);
      }
      .panel {
        display: flex;
        align-items: center;
        gap: 4px;
      }
      .panel label {
        flex: 1;
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .panel input {
        width: auto;
      }
      .icon-button {
        border: none;
        padding: 6px;
        min-height: 0;
      }
      .notice {
        margin: 0 0 12px;
      }
    `]);D("ejoin-gateway-card-editor",K);var d1={ATTRIBUTE:1,CHILD:2,PROPERTY:3,BOOLEAN_ATTRIBUTE:4,EVENT:5,ELEMENT:6},S1=L=>(...C)=>({_$litDirective$:L,values:C}),A1=class{constructor(C){}get _$AU(){return this._$AM._$AU}_$AT(C,H,V){this._$Ct=C,this._$AM=H,this._$Ci=V}_$AS(C,H){return this.update(C,H)}update(C,H){return this.render(...H)}};var{I:M7}=N5,B3=L=>L;var R3=L=>L.strings===void 0,T3=()=>document.createComment(""),p1=(L,C,H)=>{let V=L._$AA.parentNode,M=C===void 0?L._$AB:C._$AA;if(H===void 0){let r=V.insertBefore(T3(),M),e=V.insertBefore(T3(),M);H=new M7(r,e,L,L.options)}else{let r=H._$AB.nextSibling,e=H._$AM,i=e!==L;if(i){let t;H._$AQ?.(L),H._$AM=L,H._$AP!==void 0&&(t=L._$AU)!==e._$AU&&H._$AP(t)}if(r!==M||i){let t=H._$AA;for(;t!==r;){let A=B3(t).nextSibling;B3(V).insertBefore(t,M),t=A}}}return H},C1=(L,C,H=L)=>(L._$AI(C,H),L),r7={},F3=(L,C=r7)=>L._$AH=C,E3=L=>L._$AH,K1=L=>{L._$AR(),L._$AA.remove()};var h1=(L,C)=>{let H=L._$AN;if(H===void 0)return!1;for(let V of H)V._$AO?.(C,!1),h1(V,C);return!0},q1=L=>{let C,H;do{if((C=L._$AM)===void 0)break;H=C._$AN,H.delete(L),L=C}while(H?.size===0)},D3=L=>{for(let C;C=L._$AM;L=C){let H=C._$AN;if(H===void 0)C._$AN=H=new Set;else if(H.has(L))break;H.add(L),i7(C)}};function e7(L){this._$AN!==void 0?(q1(this),this._$AM=L,D3(this)):this._$AM=L}function t7(L,C=!1,H=0){let V=this._$AH,M=this._$AN;if(M!==void 0&&M.size!==0)if(C)if(Array.isArray(V))for(let r=H;r<V.length;r++)h1(V[r],!1),q1(V[r]);else V!=null&&(h1(V,!1),q1(V));else h1(this,L)}var i7=L=>{L.type==d1.CHILD&&(L._$AP??=t7,L._$AQ??=e7)},j1=class extends A1{constructor(){super(...arguments),this._$AN=void 0}_$AT(C,H,V){super._$AT(C,H,V),D3(this),this.isConnected=C._$AU}_$AO(C,H=!0){C!==this.isConnected&&(this.isConnected=C,C?this.reconnected?.():this.disconnected?.()),H&&(h1(this,C),q1(this))}setValue(C){if(R3(this._$Ct))this._$Ct._$AI(C,this);else{let H=[...this._$Ct._$AH];H[this._$Ci]=C,this._$Ct._$AI(H,this,0)}}disconnected(){}reconnected(){}};var $3=(L,C,H)=>{let V=new Map;for(let M=C;M<=H;M++)V.set(L[M],M);return V},I3=S1(class extends A1{constructor(L){if(super(L),L.type!==d1.CHILD)throw Error("repeat() can only be used in text expressions")}dt(L,C,H){let V;H===void 0?H=C:C!==void 0&&(V=C);let M=[],r=[],e=0;for(let i of L)M[e]=V?V(i,e):e,r[e]=H(i,e),e++;return{values:r,keys:M}}render(L,C,H){return this.dt(L,C,H).values}update(L,[C,H,V]){let M=E3(L),{values:r,keys:e}=this.dt(C,H,V);if(!Array.isArray(M))return this.ut=e,r;let i=this.ut??=[],t=[],A,m,a=0,s=M.length-1,n=0,S=r.length-1;for(;a<=s&&n<=S;)if(M[a]===null)a++;else if(M[s]===null)s--;else if(i[a]===e[n])t[n]=C1(M[a],r[n]),a++,n++;else if(i[s]===e[S])t[S]=C1(M[s],r[S]),s--,S--;else if(i[a]===e[S])t[S]=C1(M[a],r[S]),p1(L,t[S+1],M[a]),a++,S--;else if(i[s]===e[n])t[n]=C1(M[s],r[n]),p1(L,M[a],M[s]),s--,n++;else if(A===void 0&&(A=$3(e,n,S),m=$3(i,a,s)),A.has(i[a]))if(A.has(i[s])){let B=m.get(e[n]),J=B!==void 0?M[B]:null;if(J===null){let N=p1(L,M[a]);C1(N,r[n]),t[n]=N}else t[n]=C1(J,r[n]),p1(L,M[a],J),M[B]=null;n++}else K1(M[s]),s--;else K1(M[a]),a++;for(;n<=S;){let B=p1(L,t[S+1]);C1(B,r[n]),t[n++]=B}for(;a<=s;){let B=M[a++];B!==null&&K1(B)}return this.ut=e,F3(L,t),W}});var g1=class L extends Event{constructor(C){super(L.eventName,{bubbles:!1}),this.first=C.first,this.last=C.last}};g1.eventName="rangeChanged";var f1=class L extends Event{constructor(C){super(L.eventName,{bubbles:!1}),this.first=C.first,this.last=C.last}};f1.eventName="visibilityChanged";var O1=class L extends Event{constructor(){super(L.eventName,{bubbles:!1})}};O1.eventName="unpinned";var D2=class{constructor(C){this._element=null;let H=C??window;this._node=H,C&&(this._element=C)}get element(){return this._element||document.scrollingElement||document.documentElement}get scrollTop(){return this.element.scrollTop||window.scrollY}get scrollLeft(){return this.element.scrollLeft||window.scrollX}get scrollHeight(){return this.element.scrollHeight}get scrollWidth(){return this.element.scrollWidth}get viewportHeight(){return this._element?this._element.getBoundingClientRect().height:window.innerHeight}get viewportWidth(){return this._element?this._element.getBoundingClientRect().width:window.innerWidth}get maxScrollTop(){return this.scrollHeight-this.viewportHeight}get maxScrollLeft(){return this.scrollWidth-this.viewportWidth}},X1=class extends D2{constructor(C,H){super(H),this._clients=new Set,this._retarget=null,this._end=null,this.__destination=null,this.correctingScrollError=!1,this._checkForArrival=this._checkForArrival.bind(this),this._updateManagedScrollTo=this._updateManagedScrollTo.bind(this),this.scrollTo=this.scrollTo.bind(this),this.scrollBy=this.scrollBy.bind(this);let V=this._node;this._originalScrollTo=V.scrollTo,this._originalScrollBy=V.scrollBy,this._originalScroll=V.scroll,this._attach(C)}get _destination(){return this.__destination}get scrolling(){return this._destination!==null}scrollTo(C,H){let V=typeof C=="number"&&typeof H=="number"?{left:C,top:H}:C;this._scrollTo(V)}scrollBy(C,H){let V=typeof C=="number"&&typeof H=="number"?{left:C,top:H}:C;V.top!==void 0&&(V.top+=this.scrollTop),V.left!==void 0&&(V.left+=this.scrollLeft),this._scrollTo(V)}_nativeScrollTo(C){this._originalScrollTo.bind(this._element||window)(C)}_scrollTo(C,H=null,V=null){this._end!==null&&this._end(),C.behavior==="smooth"?(this._setDestination(C),this._retarget=H,this._end=V):this._resetScrollState(),this._nativeScrollTo(C)}_setDestination(C){let{top:H,left:V}=C;return H=H===void 0?void 0:Math.max(0,Math.min(H,this.maxScrollTop)),V=V===void 0?void 0:Math.max(0,Math.min(V,this.maxScrollLeft)),this._destination!==null&&V===this._destination.left&&H===this._destination.top?!1:(this.__destination={top:H,left:V,behavior:"smooth"},!0)}_resetScrollState(){this.__destination=null,this._retarget=null,this._end=null}_updateManagedScrollTo(C){this._destination&&this._setDestination(C)&&this._nativeScrollTo(this._destination)}managedScrollTo(C,H,V){return this._scrollTo(C,H,V),this._updateManagedScrollTo}correctScrollError(C){this.correctingScrollError=!0,requestAnimationFrame(()=>requestAnimationFrame(()=>this.correctingScrollError=!1)),this._nativeScrollTo(C),this._retarget&&this._setDestination(this._retarget()),this._destination&&this._nativeScrollTo(this._destination)}_checkForArrival(){if(this._destination!==null){let{scrollTop:C,scrollLeft:H}=this,{top:V,left:M}=this._destination;V=Math.min(V||0,this.maxScrollTop),M=Math.min(M||0,this.maxScrollLeft);let r=Math.abs(V-C),e=Math.abs(M-H);r<1&&e<1&&(this._end&&this._end(),this._resetScrollState())}}detach(C){return this._clients.delete(C),this._clients.size===0&&(this._node.scrollTo=this._originalScrollTo,this._node.scrollBy=this._originalScrollBy,this._node.scroll=this._originalScroll,this._node.removeEventListener("scroll",this._checkForArrival)),null}_attach(C){this._clients.add(C),this._clients.size===1&&(this._node.scrollTo=this.scrollTo,this._node.scrollBy=this.scrollBy,this._node.scroll=this.scrollTo,this._node.addEventListener("scroll",this._checkForArrival))}};var G3=typeof window<"u"?window.ResizeObserver:void 0;var L2=Symbol("virtualizerRef"),C2="virtualizer-sizer",Q3,V2=class{constructor(C){if(this._benchmarkStart=null,this._layout=null,this._clippingAncestors=[],this._scrollSize=null,this._scrollError=null,this._childrenPos=null,this._childMeasurements=null,this._toBeMeasured=new Map,this._rangeChanged=!0,this._itemsChanged=!0,this._visibilityChanged=!0,this._scrollerController=null,this._isScroller=!1,this._sizer=null,this._hostElementRO=null,this._childrenRO=null,this._mutationObserver=null,this._scrollEventListeners=[],this._scrollEventListenerOptions={passive:!0},this._loadListener=this._childLoaded.bind(this),this._scrollIntoViewTarget=null,this._updateScrollIntoViewCoordinates=null,this._items=[],this._first=-1,this._last=-1,this._firstVisible=-1,this._lastVisible=-1,this._scheduled=new WeakSet,this._measureCallback=null,this._measureChildOverride=null,this._layoutCompletePromise=null,this._layoutCompleteResolver=null,this._layoutCompleteRejecter=null,this._pendingLayoutComplete=null,this._layoutInitialized=null,this._connected=!1,!C)throw new Error("Virtualizer constructor requires a configuration object");if(C.hostElement)this._init(C);else throw new Error('Virtualizer configuration requires the "hostElement" property')}set items(C){Array.isArray(C)&&C!==this._items&&(this._itemsChanged=!0,this._items=C,this._schedule(this._updateLayout))}_init(C){this._isScroller=!!C.scroller,this._initHostElement(C);let H=C.layout||{};this._layoutInitialized=this._initLayout(H)}_initObservers(){this._mutationObserver=new MutationObserver(this._finishDOMUpdate.bind(this)),this._hostElementRO=new G3(()=>this._hostElementSizeChanged()),this._childrenRO=new G3(this._childrenSizeChanged.bind(this))}_initHostElement(C){let H=this._hostElement=C.hostElement;this._applyVirtualizerStyles(),H[L2]=this}connected(){this._initObservers();let C=this._isScroller;this._clippingAncestors=m7(this._hostElement,C),this._scrollerController=new X1(this,this._clippingAncestors[0]),this._schedule(this._updateLayout),this._observeAndListen(),this._connected=!0}_observeAndListen(){this._mutationObserver.observe(this._hostElement,{childList:!0}),this._hostElementRO.observe(this._hostElement),this._scrollEventListeners.push(window),window.addEventListener("scroll",this,this._scrollEventListenerOptions),this._clippingAncestors.forEach(C=>{C.addEventListener("scroll",this,this._scrollEventListenerOptions),this._scrollEventListeners.push(C),this._hostElementRO.observe(C)}),this._hostElementRO.observe(this._scrollerController.element),this._children.forEach(C=>this._childrenRO.observe(C)),this._scrollEventListeners.forEach(C=>C.addEventListener("scroll",this,this._scrollEventListenerOptions))}disconnected(){this._scrollEventListeners.forEach(C=>C.removeEventListener("scroll",this,this._scrollEventListenerOptions)),this._scrollEventListeners=[],this._clippingAncestors=[],this._scrollerController?.detach(this),this._scrollerController=null,this._mutationObserver?.disconnect(),this._mutationObserver=null,this._hostElementRO?.disconnect(),this._hostElementRO=null,this._childrenRO?.disconnect(),this._childrenRO=null,this._rejectLayoutCompletePromise("disconnected"),this._connected=!1}_applyVirtualizerStyles(){let H=this._hostElement.style;H.display=H.display||"block",H.position=H.position||"relative",H.contain=H.contain||"size layout",this._isScroller&&(H.overflow=H.overflow||"auto",H.minHeight=H.minHeight||"150px")}_getSizer(){let C=this._hostElement;if(!this._sizer){let H=C.querySelector(`[${C2}]`);H||(H=document.createElement("div"),H.setAttribute(C2,""),C.appendChild(H)),Object.assign(H.style,{position:"absolute",margin:"-2px 0 0 0",padding:0,visibility:"hidden",fontSize:"2px"}),H.textContent="&nbsp;",H.setAttribute(C2,""),this._sizer=H}return this._sizer}async updateLayoutConfig(C){await this._layoutInitialized;let H=C.type||Q3;if(typeof H=="function"&&this._layout instanceof H){let V={...C};return delete V.type,this._layout.config=V,!0}return!1}async _initLayout(C){let H,V;if(typeof C.type=="function"){V=C.type;let M={...C};delete M.type,H=M}else H=C;V===void 0&&(Q3=V=(await Promise.resolve().then(()=>(z2(),U3))).FlowLayout),this._layout=new V(M=>this._handleLayoutMessage(M),H),this._layout.measureChildren&&typeof this._layout.updateItemSizes=="function"&&(typeof this._layout.measureChildren=="function"&&(this._measureChildOverride=this._layout.measureChildren),this._measureCallback=this._layout.updateItemSizes.bind(this._layout)),this._layout.listenForChildLoadEvents&&this._hostElement.addEventListener("load",this._loadListener,!0),this._schedule(this._updateLayout)}startBenchmarking(){this._benchmarkStart===null&&(this._benchmarkStart=window.performance.now())}stopBenchmarking(){if(this._benchmarkStart!==null){let C=window.performance.now(),H=C-this._benchmarkStart,M=performance.getEntriesByName("uv-virtualizing","measure").filter(r=>r.startTime>=this._benchmarkStart&&r.startTime<C).reduce((r,e)=>r+e.duration,0);return this._benchmarkStart=null,{timeElapsed:H,virtualizationTime:M}}return null}_measureChildren(){let C={},H=this._children,V=this._measureChildOverride||this._measureChild;for(let M=0;M<H.length;M++){let r=H[M],e=this._first+M;(this._itemsChanged||this._toBeMeasured.has(r))&&(C[e]=V.call(this,r,this._items[e]))}this._childMeasurements=C,this._schedule(this._updateLayout),this._toBeMeasured.clear()}_measureChild(C){let{width:H,height:V}=C.getBoundingClientRect();return Object.assign({width:H,height:V},d7(C))}async _schedule(C){this._scheduled.has(C)||(this._scheduled.add(C),await Promise.resolve(),this._scheduled.delete(C),C.call(this))}async _updateDOM(C){this._scrollSize=C.scrollSize,this._adjustRange(C.range),this._childrenPos=C.childPositions,this._scrollError=C.scrollError||null;let{_rangeChanged:H,_itemsChanged:V}=this;this._visibilityChanged&&(this._notifyVisibility(),this._visibilityChanged=!1),(H||V)&&(this._notifyRange(),this._rangeChanged=!1),this._finishDOMUpdate()}_finishDOMUpdate(){this._connected&&(this._children.forEach(C=>this._childrenRO.observe(C)),this._checkScrollIntoViewTarget(this._childrenPos),this._positionChildren(this._childrenPos),this._sizeHostElement(this._scrollSize),this._correctScrollError(),this._benchmarkStart&&"mark"in window.performance&&window.performance.mark("uv-end"))}_updateLayout(){this._layout&&this._connected&&(this._layout.items=this._items,this._updateView(),this._childMeasurements!==null&&(this._measureCallback&&this._measureCallback(this._childMeasurements),this._childMeasurements=null),this._layout.reflowIfNeeded(),this._benchmarkStart&&"mark"in window.performance&&window.performance.mark("uv-end"))}_handleScrollEvent(){if(this._benchmarkStart&&"mark"in window.performance){try{window.performance.measure("uv-virtualizing","uv-start","uv-end")}catch(C){console.warn("Error measuring performance data: ",C)}window.performance.mark("uv-start")}this._scrollerController.correctingScrollError===!1&&this._layout?.unpin(),this._schedule(this._updateLayout)}handleEvent(C){C.type==="scroll"?(C.currentTarget===window||this._clippingAncestors.includes(C.currentTarget))&&this._handleScrollEvent():console.warn("event not handled",C)}_handleLayoutMessage(C){C.type==="stateChanged"?this._updateDOM(C):C.type==="visibilityChanged"?(this._firstVisible=C.firstVisible,this._lastVisible=C.lastVisible,this._notifyVisibility()):C.type==="unpinned"&&this._hostElement.dispatchEvent(new O1)}get _children(){let C=[],H=this._hostElement.firstElementChild;for(;H;)H.hasAttribute(C2)||C.push(H),H=H.nextElementSibling;return C}_updateView(){let C=this._hostElement,H=this._scrollerController?.element,V=this._layout;if(C&&H&&V){let M,r,e,i,t=C.getBoundingClientRect();M=0,r=0,e=window.innerHeight,i=window.innerWidth;let A=this._clippingAncestors.map(N=>N.getBoundingClientRect());A.unshift(t);for(let N of A)M=Math.max(M,N.top),r=Math.max(r,N.left),e=Math.min(e,N.bottom),i=Math.min(i,N.right);let m=H.getBoundingClientRect(),a={left:t.left-m.left,top:t.top-m.top},s={width:H.scrollWidth,height:H.scrollHeight},n=M-t.top+C.scrollTop,S=r-t.left+C.scrollLeft,B=Math.max(0,e-M),J=Math.max(0,i-r);V.viewportSize={width:J,height:B},V.viewportScroll={top:n,left:S},V.totalScrollSize=s,V.offsetWithinScroller=a}}_sizeHostElement(C){let V=C&&C.width!==null?Math.min(82e5,C.width):0,M=C&&C.height!==null?Math.min(82e5,C.height):0;if(this._isScroller)this._getSizer().style.transform=`translate(${V}px, ${M}px)`;else{let r=this._hostElement.style;r.minWidth=V?`${V}px`:"100%",r.minHeight=M?`${M}px`:"100%"}}_positionChildren(C){C&&C.forEach(({top:H,left:V,width:M,height:r,xOffset:e,yOffset:i},t)=>{let A=this._children[t-this._first];A&&(A.style.position="absolute",A.style.boxSizing="border-box",A.style.transform=`translate(${V}px, ${H}px)`,M!==void 0&&(A.style.width=M+"px"),r!==void 0&&(A.style.height=r+"px"),A.style.left=e===void 0?null:e+"px",A.style.top=i===void 0?null:i+"px")})}async _adjustRange(C){let{_first:H,_last:V,_firstVisible:M,_lastVisible:r}=this;this._first=C.first,this._last=C.last,this._firstVisible=C.firstVisible,this._lastVisible=C.lastVisible,this._rangeChanged=this._rangeChanged||this._first!==H||this._last!==V,this._visibilityChanged=this._visibilityChanged||this._firstVisible!==M||this._lastVisible!==r}_correctScrollError(){if(this._scrollError){let{scrollTop:C,scrollLeft:H}=this._scrollerController,{top:V,left:M}=this._scrollError;this._scrollError=null,this._scrollerController.correctScrollError({top:C-V,left:H-M})}}element(C){return C===1/0&&(C=this._items.length-1),this._items?.[C]===void 0?void 0:{scrollIntoView:(H={})=>this._scrollElementIntoView({...H,index:C})}}_scrollElementIntoView(C){if(C.index>=this._first&&C.index<=this._last)this._children[C.index-this._first].scrollIntoView(C);else if(C.index=Math.min(C.index,this._items.length-1),C.behavior==="smooth"){let H=this._layout.getScrollIntoViewCoordinates(C),{behavior:V}=C;this._updateScrollIntoViewCoordinates=this._scrollerController.managedScrollTo(Object.assign(H,{behavior:V}),()=>this._layout.getScrollIntoViewCoordinates(C),()=>this._scrollIntoViewTarget=null),this._scrollIntoViewTarget=C}else this._layout.pin=C}_checkScrollIntoViewTarget(C){let{index:H}=this._scrollIntoViewTarget||{};H&&C?.has(H)&&this._updateScrollIntoViewCoordinates(this._layout.getScrollIntoViewCoordinates(this._scrollIntoViewTarget))}_notifyRange(){this._hostElement.dispatchEvent(new g1({first:this._first,last:this._last}))}_notifyVisibility(){this._hostElement.dispatchEvent(new f1({first:this._firstVisible,last:this._lastVisible}))}get layoutComplete(){return this._layoutCompletePromise||(this._layoutCompletePromise=new Promise((C,H)=>{this._layoutCompleteResolver=C,this._layoutCompleteRejecter=H})),this._layoutCompletePromise}_rejectLayoutCompletePromise(C){this._layoutCompleteRejecter!==null&&this._layoutCompleteRejecter(C),this._resetLayoutCompleteState()}_scheduleLayoutComplete(){this._layoutCompletePromise&&this._pendingLayoutComplete===null&&(this._pendingLayoutComplete=requestAnimationFrame(()=>requestAnimationFrame(()=>this._resolveLayoutCompletePromise())))}_resolveLayoutCompletePromise(){this._layoutCompleteResolver!==null&&this._layoutCompleteResolver(),this._resetLayoutCompleteState()}_resetLayoutCompleteState(){this._layoutCompletePromise=null,this._layoutCompleteResolver=null,this._layoutCompleteRejecter=null,this._pendingLayoutComplete=null}_hostElementSizeChanged(){this._schedule(this._updateLayout)}_childLoaded(){}_childrenSizeChanged(C){if(this._layout?.measureChildren){for(let H of C)this._toBeMeasured.set(H.target,H.contentRect);this._measureChildren()}this._scheduleLayoutComplete(),this._itemsChanged=!1,this._rangeChanged=!1}};function d7(L){let C=window.getComputedStyle(L);return{marginTop:H2(C.marginTop),marginRight:H2(C.marginRight),marginBottom:H2(C.marginBottom),marginLeft:H2(C.marginLeft)}}function H2(L){let C=L?parseFloat(L):NaN;return Number.isNaN(C)?0:C}function K3(L){if(L.assignedSlot!==null)return L.assignedSlot;if(L.parentElement!==null)return L.parentElement;let C=L.parentNode;return C&&C.nodeType===Node.DOCUMENT_FRAGMENT_NODE&&C.host||null}function p7(L,C=!1){let H=[],V=C?L:K3(L);for(;V!==null;)H.push(V),V=K3(V);return H}function m7(L,C=!1){let H=!1;return p7(L,C).filter(V=>{if(H)return!1;let M=getComputedStyle(V);return H=M.position==="fixed",M.overflow!=="visible"})}var n7=L=>L,l7=(L,C)=>p`${C}: ${JSON.stringify(L,null,2)}`,W2=class extends j1{constructor(C){if(super(C),this._virtualizer=null,this._first=0,this._last=-1,this._renderItem=(H,V)=>l7(H,V+this._first),this._keyFunction=(H,V)=>n7(H,V+this._first),this._items=[],C.type!==d1.CHILD)throw new Error("The virtualize directive can only be used in child expressions")}render(C){C&&this._setFunctions(C);let H=[];if(this._first>=0&&this._last>=this._first)for(let V=this._first;V<=this._last;V++)H.push(this._items[V]);return I3(H,this._keyFunction,this._renderItem)}update(C,[H]){this._setFunctions(H);let V=this._items!==H.items;return this._items=H.items||[],this._virtualizer?this._updateVirtualizerConfig(C,H):this._initialize(C,H),V?W:this.render()}async _updateVirtualizerConfig(C,H){if(!await this._virtualizer.updateLayoutConfig(H.layout||{})){let M=C.parentNode;this._makeVirtualizer(M,H)}this._virtualizer.items=this._items}_setFunctions(C){let{renderItem:H,keyFunction:V}=C;H&&(this._renderItem=(M,r)=>H(M,r+this._first)),V&&(this._keyFunction=(M,r)=>V(M,r+this._first))}_makeVirtualizer(C,H){this._virtualizer&&this._virtualizer.disconnected();let{layout:V,scroller:M,items:r}=H;this._virtualizer=new V2({hostElement:C,layout:V,scroller:M}),this._virtualizer.items=r,this._virtualizer.connected()}_initialize(C,H){let V=C.parentNode;V&&V.nodeType===1&&(V.addEventListener("rangeChanged",M=>{this._first=M.first,this._last=M.last,this.setValue(this.render())}),this._makeVirtualizer(V,H))}disconnected(){this._virtualizer?.disconnected()}reconnected(){this._virtualizer?.connected()}},q3=S1(W2);z2();var M2=["registered","idle","no_sim","failed","locked","unknown"],v7={registered:{color:"var(--success-color, #43a047)",icon:z1},idle:{color:"var(--info-color, #039be5)",icon:L3},no_sim:{color:"var(--disabled-color, #9e9e9e)",icon:V3},failed:{color:"var(--error-color, #db4437)",icon:W5},locked:{color:"var(--warning-color, #ffa600)",icon:U1},unknown:{color:"var(--secondary-text-color, #727272)",icon:J5}};function m1(L){return M2.includes(L)?L:"unknown"}function k1(L){return v7[L]}function _1(L){return o(`state.${L}`)}function j3(L){return L===null?null:Q1(`status.${L}`,L.replaceAll("_"," "))}function b1(L){let C=L.signal_bars;return C==null||!Number.isFinite(C)?null:Math.min(4,Math.max(0,Math.round(C)))}function X3(L){let C=b1(L);return o("grid.cell",{slot:L.slot,state:_1(m1(L.state)),active:L.active?o("grid.cell_active"):"",signal:C===null?o("grid.signal_none"):o("grid.signal_bars",{bars:C})})}function x7(L,C){return`${L}.${String(C).padStart(2,"0")}`}function U2(L,C){return{slot:x7(L,C),port:L,index:C,state:"unknown",status:null,active:!1,signal_dbm:null,signal_bars:null,balance:null,operator:null,number:null,iccid:null,imsi:null,imei:null}}function Y3(L,C){let H=new Map;for(let M of C){let r=H.get(M.port);r===void 0&&H.set(M.port,r=new Map),r.set(M.index,M)}let V=new Set(H.keys());for(let M=1;M<=L.ports;M++)V.add(M);return[...V].sort((M,r)=>M-r).map(M=>{let r=H.get(M)??new Map,e=Math.max(L.slots_per_port,...r.keys()),i=[];for(let t=1;t<=e;t++)i.push(r.get(t)??U2(M,t));return{port:M,slots:i}})}function J3(L){let C=Object.fromEntries(M2.map(H=>[H,0]));for(let H of L)for(let V of H.slots)C[m1(V.state)]+=1;return C}function C0(L,C){let H=Math.max(1,Math.floor((L-46+3)/39));if(C<=H)return Math.max(1,C);for(let V=H;V>1;V--)if(C%V===0)return V;return H}var s7=256,Z7=16,u7=52,H0=8,V0,L0,M0,r0,e0,t0,_,G2,Q2,K2,q2,j2,q=class extends(t0=y,e0=[f({attribute:!1})],r0=[f()],M0=[Z()],L0=[Z()],V0=[Z()],t0){constructor(){super(...arguments);v(this,G2,d(_,8,this,[])),d(_,11,this);v(this,Q2,d(_,12,this,"")),d(_,15,this);v(this,K2,d(_,16,this,0)),d(_,19,this);v(this,q2,d(_,20,this,0)),d(_,23,this);v(this,j2,d(_,24,this,0)),d(_,27,this);g(this,"_resizeObserver",new ResizeObserver(H=>{let V=Math.round(H[0]?.contentRect.width??0);V!==this._width&&(this._width=V)}))}connectedCallback(){super.connectedCallback(),this._resizeObserver.observe(this)}disconnectedCallback(){super.disconnectedCallback(),this._resizeObserver.disconnect()}get _columns(){let H=this.ports.length;return H>0&&H<=Z7&&this._width>=H*u7}get _virtualized(){let H=0;for(let V of this.ports)H+=V.slots.length;return H>s7}willUpdate(H){if(H.has("ports")){this._focusRow=Math.min(this._focusRow,Math.max(0,this.ports.length-1));let V=this.ports[this._focusRow]?.slots.length??1;this._focusCol=Math.min(this._focusCol,Math.max(0,V-1))}}render(){let H=this._columns,V=!H&&this._virtualized,M=Math.max(0,...this.ports.map(e=>e.slots.length)),r=H?`grid-template-columns: repeat(${this.ports.length}, minmax(0, 1fr))`:this._width>0?`--cells-per-line: ${C0(this._width,M)}`:x;return p`
      ${this._legend()}
      <div
        class="grid ${H?"columns":"rows"} ${V?"virtual":""}"
        role="grid"
        aria-label=${this.label}
        aria-rowcount=${this.ports.length}
        style=${r}
        @click=${this._onClick}
        @keydown=${this._onKeyDown}
      >
        ${V?p`<div class="scroller virtual-scroller">
              ${q3({items:this.ports,renderItem:(e,i)=>this._row(e,i),keyFunction:e=>e.port,layout:N2(),scroller:!0})}
            </div>`:p`<div class="scroller ${H?"":"plain-scroller"}">
              ${this.ports.map((e,i)=>this._row(e,i))}
            </div>`}
      </div>
    `}_legend(){let H=J3(this.ports);return p`<div class="legend">
      ${M2.filter(V=>V!=="unknown"||H.unknown>0).map(V=>p`<span class="chip s-${V}"
          >${O(k1(V).icon,"state-icon")}<span>${_1(V)}</span
          ><span class="count">${H[V].toLocaleString()}</span></span
        >`)}
      <span class="chip"><span class="active-mark" aria-hidden="true"></span>${o("state.active")}</span>
      <span class="chip hint">${this._columns?o("grid.hint_columns"):o("grid.hint_rows")}</span>
    </div>`}_row(H,V){return p`<div class="port" role="row" aria-rowindex=${V+1}>
      <div class="head" role="rowheader">
        <span class="visually-hidden">${o("grid.port",{port:""})}</span>${H.port}
      </div>
      <div class="cells">${H.slots.map((M,r)=>this._cell(M,V,r))}</div>
    </div>`}_cell(H,V,M){let r=m1(H.state),e=b1(H),i=X3(H),t=V===this._focusRow&&M===this._focusCol;return p`<div
      class="cell s-${r} ${H.active?"active":""}"
      role="gridcell"
      tabindex=${t?0:-1}
      aria-label=${i}
      aria-haspopup="dialog"
      title=${i}
      data-row=${V}
      data-col=${M}
    >
      <span class="index" aria-hidden="true">${H.index}</span>
      ${O(k1(r).icon,"state-icon")}
      <span class="bars b${e??"x"}" aria-hidden="true"></span>
    </div>`}_cellPosition(H){for(let V of H.composedPath())if(V instanceof HTMLElement&&V.dataset.row!==void 0)return[Number(V.dataset.row),Number(V.dataset.col)]}_onClick(H){let V=this._cellPosition(H);V!==void 0&&([this._focusRow,this._focusCol]=V,this._activate())}_activate(){let H=this.ports[this._focusRow]?.slots[this._focusCol];H!==void 0&&this.dispatchEvent(new CustomEvent("slot-activated",{detail:{slot:H.slot},bubbles:!0,composed:!0}))}_onKeyDown(H){if(this._cellPosition(H)===void 0)return;if(H.key==="Enter"||H.key===" "){H.preventDefault(),this._activate();return}let V=this._columns,M=this.ports.length-1,r=this._focusRow,e=this._focusCol,i=m=>e+=m,t=m=>r+=m;switch(H.key){case"ArrowRight":V?t(1):i(1);break;case"ArrowLeft":V?t(-1):i(-1);break;case"ArrowDown":V?i(1):t(1);break;case"ArrowUp":V?i(-1):t(-1);break;case"PageDown":t(H0);break;case"PageUp":t(-H0);break;case"Home":H.ctrlKey&&(r=0),e=0;break;case"End":H.ctrlKey&&(r=M),e=Number.MAX_SAFE_INTEGER;break;default:return}H.preventDefault(),r=Math.min(Math.max(r,0),M);let A=(this.ports[r]?.slots.length??1)-1;e=Math.min(Math.max(e,0),A),this._moveFocus(r,e)}async _moveFocus(H,V){this._focusRow=H,this._focusCol=V,await this.updateComplete;let M=`[data-row="${H}"][data-col="${V}"]`,r=this.renderRoot.querySelector(M);if(r===null){this.renderRoot.querySelector(".virtual-scroller")?.[L2]?.element(H)?.scrollIntoView({block:"nearest"});for(let i=0;i<30&&r===null;i++)await new Promise(t=>requestAnimationFrame(t)),r=this.renderRoot.querySelector(M)}r?.focus(),r?.scrollIntoView({block:"nearest",inline:"nearest"})}};_=E(t0),G2=new WeakMap,Q2=new WeakMap,K2=new WeakMap,q2=new WeakMap,j2=new WeakMap,l(_,4,"ports",e0,q,G2),l(_,4,"label",r0,q,Q2),l(_,4,"_width",M0,q,K2),l(_,4,"_focusRow",L0,q,q2),l(_,4,"_focusCol",V0,q,j2),F(_,q),g(q,"styles",[$,w`
      :host {
        display: block;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 12px;
        margin-bottom: 8px;
        font-size: var(--ha-font-size-s, 12px);
        color: var(--secondary-text-color);
      }
      .chip {
        display: inline-flex;
        align-items: center;
        gap: 4px;
      }
      .hint {
        flex-basis: 100%;
      }
      .chip .count {
        color: var(--primary-text-color);
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .chip .state-icon {
        width: 16px;
        height: 16px;
      }
      .s-registered {
        --c: var(--success-color, #43a047);
      }
      .s-idle {
        --c: var(--info-color, #039be5);
      }
      .s-no_sim {
        --c: var(--disabled-color, #9e9e9e);
      }
      .s-failed {
        --c: var(--error-color, #db4437);
      }
      .s-locked {
        --c: var(--warning-color, #ffa600);
      }
      .s-unknown {
        --c: var(--secondary-text-color, #727272);
      }
      /* The state's colour mixed toward the text colour: strong enough on light and dark. */
      .state-icon {
        fill: color-mix(in srgb, var(--c) 70%, var(--primary-text-color));
        width: 18px;
        height: 18px;
        flex: none;
      }
      .scroller {
        overflow: auto;
        display: block;
      }
      .plain-scroller {
        max-height: var(--ejoin-grid-max-height, min(520px, 70vh));
      }
      .virtual-scroller {
        height: var(--ejoin-grid-max-height, min(520px, 70vh));
      }
      .columns .scroller {
        display: contents;
      }
      .grid.columns {
        display: grid;
        gap: 6px;
      }
      .port {
        display: grid;
        grid-template-columns: 40px minmax(0, 1fr);
        max-width: calc(46px + var(--cells-per-line, 32) * 56px);
        align-items: start;
        gap: 6px;
        padding: 3px 0;
        width: 100%;
        box-sizing: border-box;
      }
      .columns .port {
        display: flex;
        flex-direction: column;
        align-items: stretch;
        padding: 0;
      }
      .head {
        font-size: var(--ha-font-size-s, 12px);
        font-weight: var(--ha-font-weight-medium, 500);
        color: var(--secondary-text-color);
        text-align: end;
        padding-top: 14px;
        font-variant-numeric: tabular-nums;
      }
      .columns .head {
        text-align: center;
        padding: 0 0 2px;
      }
      .cells {
        display: grid;
        grid-template-columns: repeat(var(--cells-per-line, auto-fill), minmax(36px, 1fr));
        gap: 3px;
      }
      .columns .cells {
        grid-template-columns: 1fr;
      }
      .cell {
        position: relative;
        display: flex;
        flex-direction: column;
        align-items: center;
        justify-content: center;
        gap: 2px;
        height: 46px;
        box-sizing: border-box;
        border-radius: var(--ha-border-radius-sm, 4px);
        border: 1px solid color-mix(in srgb, var(--c) 50%, transparent);
        background: color-mix(in srgb, var(--c) 16%, var(--card-background-color, #fff));
        color: var(--primary-text-color);
        cursor: pointer;
        user-select: none;
        contain: layout paint;
      }
      .cell:hover {
        background: color-mix(in srgb, var(--c) 28%, var(--card-background-color, #fff));
      }
      .cell:focus-visible {
        outline: 2px solid var(--primary-color);
        outline-offset: 1px;
      }
      /* The active SIM: a thick frame and a corner mark, not only a colour. */
      .cell.active {
        border: 2px solid var(--primary-text-color);
      }
      .cell.active::after,
      .active-mark {
        content: "";
        width: 0;
        height: 0;
        border-top: 9px solid var(--primary-text-color);
        border-left: 9px solid transparent;
      }
      .cell.active::after {
        position: absolute;
        top: 0;
        right: 0;
      }
      .index {
        font-size: 10px;
        line-height: 10px;
        color: var(--secondary-text-color);
        font-variant-numeric: tabular-nums;
      }
      /* Signal bars: four bars drawn by one element's backgrounds. */
      .bars {
        --on: var(--primary-text-color);
        --off: color-mix(in srgb, var(--primary-text-color) 22%, transparent);
        --b1: var(--off);
        --b2: var(--off);
        --b3: var(--off);
        --b4: var(--off);
        width: 14px;
        height: 8px;
        flex: none;
        background:
          linear-gradient(var(--b1), var(--b1)) 0 100% / 2px 25% no-repeat,
          linear-gradient(var(--b2), var(--b2)) 4px 100% / 2px 50% no-repeat,
          linear-gradient(var(--b3), var(--b3)) 8px 100% / 2px 75% no-repeat,
          linear-gradient(var(--b4), var(--b4)) 12px 100% / 2px 100% no-repeat;
      }
      .b1 {
        --b1: var(--on);
      }
      .b2 {
        --b1: var(--on);
        --b2: var(--on);
      }
      .b3 {
        --b1: var(--on);
        --b2: var(--on);
        --b3: var(--on);
      }
      .b4 {
        --b1: var(--on);
        --b2: var(--on);
        --b3: var(--on);
        --b4: var(--on);
      }
      .bx {
        visibility: hidden;
      }
      @media (forced-colors: active) {
        .cell {
          border: 1px solid CanvasText;
        }
        .cell.active {
          border: 3px double CanvasText;
        }
      }
    `]);D("ejoin-slot-grid",q);var r2=20;function c7(L){switch(L.kind){case"sms_received":return{icon:s2,tone:"",title:o("messages.received",{sender:L.sender}),body:L.text};case"delivery_report":return L.delivered?{icon:G5,tone:"ok",title:o("messages.report_delivered",{recipient:L.recipient}),body:""}:{icon:j5,tone:"error",title:o("messages.report_failed",{recipient:L.recipient,code:L.code}),body:""};case"sms_sent":return L.success===null?{icon:W1,tone:"",title:o("messages.sent_pending",{number:L.number}),body:""}:L.success?{icon:X5,tone:"ok",title:o("messages.sent_ok",{number:L.number}),body:""}:{icon:Y5,tone:"error",title:o("messages.sent_failed",{number:L.number}),body:L.reason??""};default:return{icon:s2,tone:"",title:"",body:""}}}var i0,o0,a0,A0,d0,p0,b,X2,Y2,J2,C5,H5,j=class extends(p0=y,d0=[f({attribute:!1})],A0=[f()],a0=[Z()],o0=[Z()],i0=[Z()],p0){constructor(){super(...arguments);v(this,X2,d(b,8,this,[])),d(b,11,this);v(this,Y2,d(b,12,this,"en")),d(b,15,this);v(this,J2,d(b,16,this,"")),d(b,19,this);v(this,C5,d(b,20,this,"")),d(b,23,this);v(this,H5,d(b,24,this,r2)),d(b,27,this);g(this,"_format");g(this,"_formatLocale","")}_time(H){if(this._format===void 0||this._formatLocale!==this.locale){this._formatLocale=this.locale;try{this._format=new Intl.DateTimeFormat(this.locale,{dateStyle:"short",timeStyle:"medium"})}catch{this._format=new Intl.DateTimeFormat("en",{dateStyle:"short",timeStyle:"medium"})}}let V=new Date(H);return Number.isNaN(V.getTime())?H:this._format.format(V)}render(){let H=e3(this.messages,{slot:this._slot,party:this._party}),V=H.slice(0,this._shown),M=t3(this.messages);return p`
      <div class="filters">
        <label class="field"
          >${o("messages.filter_slot")}
          <select .value=${this._slot} @change=${r=>this._setSlot(r.target.value)}>
            <option value="">${o("messages.filter_all")}</option>
            ${M.map(r=>p`<option value=${r} ?selected=${r===this._slot}>${r}</option>`)}
          </select>
        </label>
        <label class="field"
          >${o("messages.filter_sender")}
          <input
            type="search"
            .value=${this._party}
            @input=${r=>this._setParty(r.target.value)}
          />
        </label>
      </div>
      ${this.messages.length===0?p`<p class="empty">${o("messages.empty")}</p>`:H.length===0?p`<p class="empty">${o("messages.no_match")}</p>`:x}
      <ol class="list" aria-live="polite" aria-relevant="additions">
        ${V.map(r=>this._item(r))}
      </ol>
      ${H.length>V.length?p`<div class="more">
            <span class="helper">${o("messages.count",{shown:V.length,total:H.length})}</span>
            <button @click=${()=>this._shown+=r2*5}>${o("messages.show_more")}</button>
          </div>`:x}
    `}_setSlot(H){this._slot=H,this._shown=r2}_setParty(H){this._party=H,this._shown=r2}_item(H){let{icon:V,tone:M,title:r,body:e}=c7(H);return p`<li class=${M} data-id=${H.id}>
      ${O(V,"kind")}
      <div class="main">
        <div class="line">
          <span class="title">${r}</span>
          <time datetime=${H.at}>${this._time(H.at)}</time>
        </div>
        ${H.slot?p`<div class="meta">${o("messages.on_slot",{slot:H.slot})}</div>`:x}
        ${e?p`<div class="body">${e}</div>`:x}
      </div>
    </li>`}};b=E(p0),X2=new WeakMap,Y2=new WeakMap,J2=new WeakMap,C5=new WeakMap,H5=new WeakMap,l(b,4,"messages",d0,j,X2),l(b,4,"locale",A0,j,Y2),l(b,4,"_slot",a0,j,J2),l(b,4,"_party",o0,j,C5),l(b,4,"_shown",i0,j,H5),F(b,j),g(j,"styles",[$,w`
      :host {
        display: block;
      }
      .filters {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 2fr);
        gap: 8px;
        margin-bottom: 8px;
      }
      .empty {
        color: var(--secondary-text-color);
        margin: 8px 0;
      }
      .list {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: var(--ejoin-messages-max-height, 420px);
        overflow: auto;
      }
      li {
        display: flex;
        gap: 10px;
        padding: 8px 2px;
        border-bottom: 1px solid var(--divider-color);
      }
      li:last-child {
        border-bottom: none;
      }
      .kind {
        width: 22px;
        height: 22px;
        fill: var(--secondary-text-color);
        flex: none;
        margin-top: 1px;
      }
      li.ok .kind {
        fill: color-mix(in srgb, var(--success-color, #43a047) 75%, var(--primary-text-color));
      }
      li.error .kind {
        fill: color-mix(in srgb, var(--error-color, #db4437) 75%, var(--primary-text-color));
      }
      .main {
        flex: 1;
        min-width: 0;
      }
      .line {
        display: flex;
        justify-content: space-between;
        gap: 8px;
        flex-wrap: wrap;
      }
      .title {
        font-weight: var(--ha-font-weight-medium, 500);
        overflow-wrap: anywhere;
      }
      time,
      .meta {
        font-size: var(--ha-font-size-s, 12px);
        color: var(--secondary-text-color);
      }
      .body {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin-top: 2px;
      }
      .more {
        display: flex;
        align-items: center;
        justify-content: space-between;
        margin-top: 8px;
      }
    `]);D("ejoin-messages",j);var m0,n0,l0,v0,x0,s0,Z0,u0,c0,S0,c,V5,L5,M5,r5,e5,t5,i5,o5,a5,T=class extends(S0=y,c0=[f({attribute:!1})],u0=[f({attribute:!1})],Z0=[f({attribute:!1})],s0=[f({type:Boolean})],x0=[Z()],v0=[Z()],l0=[Z()],n0=[Z()],m0=[t1("dialog")],S0){constructor(){super(...arguments);v(this,V5,d(c,8,this)),d(c,11,this);v(this,L5,d(c,12,this,"")),d(c,15,this);v(this,M5,d(c,16,this)),d(c,19,this);v(this,r5,d(c,20,this,!1)),d(c,23,this);v(this,e5,d(c,24,this)),d(c,27,this);v(this,t5,d(c,28,this,"")),d(c,31,this);v(this,i5,d(c,32,this,!1)),d(c,35,this);v(this,o5,d(c,36,this)),d(c,39,this);v(this,a5,d(c,40,this)),d(c,43,this);g(this,"_openedFor","")}async open(){let H=this.slotData?.slot??"";this._openedFor=H,this._statistics=void 0,this._statisticsError="",this._outcome=void 0,H&&this._loadStatistics(H),await this.updateComplete,this._dialog.open||this._dialog.showModal()}close(){this._dialog?.close()}async _loadStatistics(H){if(this.hass!==void 0)try{let V=await this.hass.callWS({type:`${U}/slot_statistics`,config_entry_id:this.configEntryId,slot:H});H===this._openedFor&&(this._statistics=V)}catch(V){H===this._openedFor&&(this._statisticsError=G(V))}}async _call(H,V){if(this.hass!==void 0){this._busy=!0,this._outcome=void 0;try{await this.hass.callWS({type:"call_service",domain:U,service:H,service_data:{config_entry_id:this.configEntryId,...V}}),this._outcome={ok:!0,text:o("slot.action_done")}}catch(M){this._outcome={ok:!1,text:o("slot.action_failed",{error:G(M)})}}finally{this._busy=!1}}}_sendFrom(){let H=this.slotData?.slot;H!==void 0&&(this.close(),this.dispatchEvent(new CustomEvent("send-from",{detail:{slot:H},bubbles:!0,composed:!0})))}render(){let H=this.slotData;return p`<dialog aria-labelledby="title" @close=${this._onClose}>
      ${H===void 0?x:this._content(H)}
    </dialog>`}_onClose(){this.dispatchEvent(new CustomEvent("closed",{bubbles:!0,composed:!0}))}_content(H){let V=m1(H.state),M=b1(H),r=this.hass?.user?.is_admin??!1,e=String(H.port),i=o("slot.unknown_value"),t=m=>m??i,A=H.signal_dbm===null&&M===null?i:[H.signal_dbm===null?"":`${H.signal_dbm} dBm`,M===null?"":`(${o("grid.signal_bars",{bars:M})})`].filter(Boolean).join(" ");return p`
      <header class="s-${V}">
        ${O(k1(V).icon,"state-icon")}
        <h2 id="title">${o("slot.title",{slot:H.slot})}</h2>
        <button class="close" @click=${this.close} aria-label=${o("slot.close")} title=${o("slot.close")}>
          ${O(q5)}
        </button>
      </header>
      <dl>
        <dt>${o("slot.state")}</dt>
        <dd>${_1(V)}${H.active?p` · <strong>${o("state.active")}</strong>`:x}</dd>
        <dt>${o("slot.status")}</dt>
        <dd>${t(j3(H.status))}</dd>
        <dt>${o("slot.signal")}</dt>
        <dd>${A}</dd>
        <dt>${o("slot.balance")}</dt>
        <dd>${t(H.balance)}</dd>
        <dt>${o("slot.operator")}</dt>
        <dd>${t(H.operator)}</dd>
        <dt>${o("slot.number")}</dt>
        <dd>${t(H.number)}</dd>
        <dt>${o("slot.iccid")}</dt>
        <dd class="mono">${t(H.iccid)}</dd>
        <dt>${o("slot.imsi")}</dt>
        <dd class="mono">${t(H.imsi)}</dd>
        <dt>${o("slot.imei")}</dt>
        <dd class="mono">${t(H.imei)}</dd>
      </dl>
      <h3>${o("slot.sms_counters")}</h3>
      ${this._counters()}
      <h3>${o("slot.actions")}</h3>
      ${r?x:p`<p class="helper">${o("slot.admin_only")}</p>`}
      <div class="actions">
        <button ?disabled=${!r||this._busy||H.active} @click=${()=>this._call("switch_sim",{slot:H.slot})}>
          ${O(M3)}${o("slot.switch")}
        </button>
        <button ?disabled=${!r||this._busy} @click=${()=>this._call("lock_ports",{ports:e})}>
          ${O(U1)}${o("slot.lock",{port:e})}
        </button>
        <button ?disabled=${!r||this._busy} @click=${()=>this._call("unlock_ports",{ports:e})}>
          ${O(C3)}${o("slot.unlock",{port:e})}
        </button>
        <button ?disabled=${!r||this._busy} @click=${()=>this._call("reset_ports",{ports:e})}>
          ${O(H3)}${o("slot.reset",{port:e})}
        </button>
        ${this.canCompose?p`<button ?disabled=${!r} @click=${this._sendFrom}>${O(G1)}${o("slot.send_from")}</button>`:x}
      </div>
      <p class="outcome ${this._outcome?.ok===!1?"error":""}" role="status">${this._outcome?.text??""}</p>
    `}_counters(){if(this._statisticsError)return p`<p class="helper">${o("slot.action_failed",{error:this._statisticsError})}</p>`;if(this._statistics===void 0)return p`<p class="helper">${o("slot.sms_loading")}</p>`;let H=this._statistics.sms;return H===null?p`<p class="helper">${o("slot.sms_unknown")}</p>`:p`<dl class="counters">
      ${Object.entries(H).map(([V,M])=>p`<dt>${Q1(`slot.sms.${V}`,V.replaceAll("_"," "))}</dt>
          <dd>${M.toLocaleString()}</dd>`)}
    </dl>`}};c=E(S0),V5=new WeakMap,L5=new WeakMap,M5=new WeakMap,r5=new WeakMap,e5=new WeakMap,t5=new WeakMap,i5=new WeakMap,o5=new WeakMap,a5=new WeakMap,l(c,4,"hass",c0,T,V5),l(c,4,"configEntryId",u0,T,L5),l(c,4,"slotData",Z0,T,M5),l(c,4,"canCompose",s0,T,r5),l(c,4,"_statistics",x0,T,e5),l(c,4,"_statisticsError",v0,T,t5),l(c,4,"_busy",l0,T,i5),l(c,4,"_outcome",n0,T,o5),l(c,4,"_dialog",m0,T,a5),F(c,T),g(T,"styles",[$,w`
      dialog {
        width: min(440px, calc(100vw - 32px));
        max-height: calc(100vh - 32px);
        box-sizing: border-box;
        padding: 16px 20px 12px;
        border: none;
        border-radius: var(--ha-dialog-border-radius, var(--ha-border-radius-3xl, 24px));
        background: var(--ha-dialog-surface-background, var(--card-background-color, #fff));
        color: var(--primary-text-color);
        box-shadow: var(--dialog-box-shadow, 0 8px 24px rgba(0, 0, 0, 0.3));
      }
      dialog::backdrop {
        background: var(--dialog-backdrop-color, rgba(0, 0, 0, 0.45));
      }
      header {
        display: flex;
        align-items: center;
        gap: 10px;
      }
      header .state-icon {
        width: 28px;
        height: 28px;
        fill: color-mix(in srgb, var(--c) 70%, var(--primary-text-color));
      }
      .s-registered {
        --c: var(--success-color, #43a047);
      }
      .s-idle {
        --c: var(--info-color, #039be5);
      }
      .s-no_sim {
        --c: var(--disabled-color, #9e9e9e);
      }
      .s-failed {
        --c: var(--error-color, #db4437);
      }
      .s-locked {
        --c: var(--warning-color, #ffa600);
      }
      .s-unknown {
        --c: var(--secondary-text-color, #727272);
      }
      h2 {
        flex: 1;
        margin: 0;
        font-size: var(--ha-font-size-xl, 20px);
        font-weight: var(--ha-font-weight-normal, 400);
      }
      h3 {
        margin: 16px 0 6px;
        font-size: var(--ha-font-size-m, 14px);
        font-weight: var(--ha-font-weight-medium, 500);
      }
      button.close {
        border: none;
        padding: 6px;
        min-height: 0;
        color: var(--secondary-text-color);
      }
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 4px 16px;
        margin: 12px 0 0;
      }
      dt {
        color: var(--secondary-text-color);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .mono {
        font-family: var(--ha-font-family-code, monospace);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .outcome {
        min-height: 1.4em;
        margin: 10px 0 0;
      }
      .outcome.error {
        color: var(--error-color, #db4437);
      }
    `]);D("ejoin-slot-dialog",T);var S7="https://github.com/ejoin-ha/ejoin-home-assistant#the-gateway-card",h0,g0,f0,O0,y0,k0,_0,b0,h,A5,d5,p5,m5,n5,l5,v5,I=class extends(b0=y,_0=[f({attribute:!1})],k0=[Z()],y0=[Z()],O0=[Z()],f0=[Z()],g0=[t1("ejoin-slot-dialog")],h0=[t1("ejoin-compose")],b0){constructor(){super(...arguments);v(this,A5,d(h,8,this)),d(h,11,this);v(this,d5,d(h,12,this)),d(h,15,this);v(this,p5,d(h,16,this)),d(h,19,this);v(this,m5,d(h,20,this,{kind:"idle"})),d(h,23,this);v(this,n5,d(h,24,this,"")),d(h,27,this);v(this,l5,d(h,28,this)),d(h,31,this);v(this,v5,d(h,32,this,null)),d(h,35,this);g(this,"_subscribedTo");g(this,"_unsubscribe");g(this,"_portsCache");g(this,"_wasConnected",!0)}static getConfigElement(){return document.createElement("ejoin-gateway-card-editor")}static async getStubConfig(H){try{let{gateways:V}=await H.callWS({type:`${U}/gateways`});return{config_entry_id:V[0]?.config_entry_id??""}}catch{return{config_entry_id:""}}}setConfig(H){this._config=h3(H)}getCardSize(){let H=this._panels,V=1;return H.includes("grid")&&(V+=Math.min(10,(this._data?.gateway.ports??4)+1)),H.includes("messages")&&(V+=5),H.includes("compose")&&(V+=6),V}getGridOptions(){return{columns:12,min_columns:6}}get _panels(){return this._config?.panels??[...Q]}connectedCallback(){super.connectedCallback(),this._follow()}disconnectedCallback(){super.disconnectedCallback(),this._stop()}updated(H){H.has("hass")&&this.hass!==void 0&&(this.hass.connected&&!this._wasConnected&&this._stop({keepData:!0}),this._wasConnected=this.hass.connected),(H.has("hass")||H.has("_config"))&&this._follow()}_follow(){let H=this.hass,V=this._config?.config_entry_id;if(!this.isConnected||H===void 0||V===void 0||!H.connected||V===this._subscribedTo)return;if(this._stop(),this._subscribedTo=V,V===""){this._checkGateways(H);return}this._phase={kind:"subscribing"};let M=H.connection.subscribeMessage(r=>{this._subscribedTo===V&&(this._data=r3(this._data,r),this._data!==void 0&&(this._phase={kind:"live"}))},{type:`${U}/subscribe`,config_entry_id:V},{resubscribe:!1});this._unsubscribe=M,M.catch(r=>{this._subscribedTo===V&&(this._unsubscribe=void 0,this._phase={kind:"error",message:i3(r)==="not_found"?o("card.not_found"):o("card.subscribe_error",{error:G(r)})})})}async _checkGateways(H){try{let{gateways:V}=await H.callWS({type:`${U}/gateways`});this._subscribedTo===""&&(this._phase=V.length===0?{kind:"no_gateway"}:{kind:"idle"})}catch(V){this._phase={kind:"error",message:o("card.subscribe_error",{error:G(V)})}}}_stop({keepData:H=!1}={}){let V=this._unsubscribe;this._unsubscribe=void 0,this._subscribedTo=void 0,H||(this._data=void 0),this._phase={kind:"idle"},V?.then(M=>M()).catch(()=>{})}_retry(){this._stop(),this._follow()}_ports(H){let V=`${H.gateway.ports}x${H.gateway.slots_per_port}`,M=this._portsCache;if(M?.slots===H.slots&&M.size===V)return M.rows;let r=Y3(H.gateway,H.slots.values());return this._portsCache={slots:H.slots,size:V,rows:r},r}async _openSlot(H){this._dialogSlot=H.detail.slot,await this.updateComplete,await this._dialog.open()}_sendFrom(H){this._compose?.useSlot(H.detail.slot)}render(){let H=this._config;if(H===void 0)return p``;let V=this._data,M=H.title??V?.gateway.title??o("card.name");return p`<ha-card>
      <div class="card-header" role="heading" aria-level="2">${M}</div>
      <div class="content">
        ${this._notices(V)}
        ${V===void 0?x:this._panels.map(r=>this._panel(r,V))}
      </div>
      ${V===void 0?x:this._slotDialog(V)}
    </ha-card>`}_notices(H){let V=[],M=this._phase;return this.hass!==void 0&&!this.hass.connected&&V.push(p`<p class="notice warning" role="status">${o("card.reconnecting")}</p>`),M.kind==="no_gateway"&&V.push(p`<p class="notice">${o("card.no_gateway")}</p>`),M.kind==="idle"&&this._config?.config_entry_id===""&&this.hass!==void 0&&V.push(p`<p class="notice">${o("card.pick_gateway")}</p>`),M.kind==="subscribing"&&V.push(p`<p class="notice" role="status">${o("card.loading")}</p>`),M.kind==="error"&&V.push(p`<div class="notice error" role="alert">
        <span class="grow">${M.message}</span><button @click=${this._retry}>${o("card.retry")}</button>
      </div>`),H!==void 0&&!H.gateway.available&&V.push(p`<p class="notice warning" role="status">${o("card.unavailable")}</p>`),V}_panel(H,V){let M=p`<h3 id="panel-${H}">${o(`panel.${H}`)}</h3>`;switch(H){case"grid":return p`<section class="grid-panel ${V.gateway.available?"":"stale"}" aria-labelledby="panel-grid">
          ${M}
          <ejoin-slot-grid
            .ports=${this._ports(V)}
            label=${o("grid.label",{title:V.gateway.title})}
            @slot-activated=${this._openSlot}
          ></ejoin-slot-grid>
        </section>`;case"messages":return p`<section aria-labelledby="panel-messages">
          ${M}
          <ejoin-messages
            .messages=${V.messages}
            locale=${this.hass?.locale?.language??this.hass?.language??"en"}
          ></ejoin-messages>
        </section>`;case"compose":return p`<section aria-labelledby="panel-compose">
          ${M}
          <ejoin-compose .hass=${this.hass} .configEntryId=${V.gateway.config_entry_id}></ejoin-compose>
        </section>`}}_slotDialog(H){let V=this._dialogSlot,M=V?H.slots.get(V):void 0;if(V&&M===void 0){let[r,e]=V.split(".").map(Number);M=U2(r??0,e??0)}return p`<ejoin-slot-dialog
      .hass=${this.hass}
      .configEntryId=${H.gateway.config_entry_id}
      .slotData=${M}
      ?canCompose=${this._panels.includes("compose")}
      @send-from=${this._sendFrom}
      @closed=${()=>this._dialogSlot=""}
    ></ejoin-slot-dialog>`}};h=E(b0),A5=new WeakMap,d5=new WeakMap,p5=new WeakMap,m5=new WeakMap,n5=new WeakMap,l5=new WeakMap,v5=new WeakMap,l(h,4,"hass",_0,I,A5),l(h,4,"_config",k0,I,d5),l(h,4,"_data",y0,I,p5),l(h,4,"_phase",O0,I,m5),l(h,4,"_dialogSlot",f0,I,n5),l(h,4,"_dialog",g0,I,l5),l(h,4,"_compose",h0,I,v5),F(h,I),g(I,"styles",[$,w`
      :host {
        display: block;
      }
      ha-card {
        display: block;
        height: 100%;
        box-sizing: border-box;
        overflow: hidden;
      }
      .card-header {
        font-family: var(--ha-card-header-font-family, inherit);
        font-size: var(--ha-card-header-font-size, var(--ha-font-size-2xl, 24px));
        font-weight: var(--ha-font-weight-normal, 400);
        line-height: var(--ha-line-height-condensed, 1.3);
        color: var(--ha-card-header-color, var(--primary-text-color));
        padding: 16px 16px 8px;
      }
      .content {
        display: flex;
        flex-direction: column;
        gap: 12px;
        padding: 0 16px 16px;
      }
      section {
        min-width: 0;
      }
      h3 {
        margin: 4px 0 8px;
        font-size: var(--ha-font-size-l, 16px);
        font-weight: var(--ha-font-weight-medium, 500);
        color: var(--primary-text-color);
      }
      .notice {
        margin: 0;
      }
      .grow {
        flex: 1;
      }
      .stale {
        opacity: 0.75;
      }
    `]);D(a1,I);var x5=window;x5.customCards??=[];x5.customCards.some(L=>L.type===a1)||x5.customCards.push({type:a1,name:o("card.name"),description:o("card.description"),preview:!0,documentationURL:S7});export{I as EjoinGatewayCard};
/*! Bundled license information:

@lit-labs/virtualizer/layouts/shared/SizeCache.js:
@lit-labs/virtualizer/layouts/shared/BaseLayout.js:
@lit-labs/virtualizer/layouts/flow.js:
@lit/reactive-element/decorators/query-assigned-elements.js:
@lit-labs/virtualizer/events.js:
@lit-labs/virtualizer/ScrollerController.js:
@lit-labs/virtualizer/Virtualizer.js:
@lit-labs/virtualizer/virtualize.js:
  (**
   * @license
   * Copyright 2021 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/css-tag.js:
  (**
   * @license
   * Copyright 2019 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/reactive-element.js:
lit-html/lit-html.js:
lit-element/lit-element.js:
@lit/reactive-element/decorators/custom-element.js:
@lit/reactive-element/decorators/property.js:
@lit/reactive-element/decorators/state.js:
@lit/reactive-element/decorators/event-options.js:
@lit/reactive-element/decorators/base.js:
@lit/reactive-element/decorators/query.js:
@lit/reactive-element/decorators/query-all.js:
@lit/reactive-element/decorators/query-async.js:
@lit/reactive-element/decorators/query-assigned-nodes.js:
lit-html/directive.js:
lit-html/async-directive.js:
lit-html/directives/repeat.js:
  (**
   * @license
   * Copyright 2017 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/is-server.js:
  (**
   * @license
   * Copyright 2022 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/directive-helpers.js:
  (**
   * @license
   * Copyright 2020 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)
*/
